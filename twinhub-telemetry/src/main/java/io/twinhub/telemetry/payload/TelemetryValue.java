package io.twinhub.telemetry.payload;

/**
 * The value of one telemetry point: a number, a string or a boolean (contract §4 allows nothing else).
 *
 * <p>Numbers are held as {@code double}. {@link NumberValue#integral()} records whether the device
 * wrote the number without a fraction or exponent ({@code 21} rather than {@code 21.0} or
 * {@code 2.1e1}), so a store or a query can give it back in the same form. Integers beyond
 * ±2<sup>53</sup> are kept as the nearest {@code double}.
 */
public sealed interface TelemetryValue {

    static NumberValue of(double value, boolean integral) {
        return new NumberValue(value, integral);
    }

    static StringValue of(String value) {
        return new StringValue(value);
    }

    static BooleanValue of(boolean value) {
        return value ? BooleanValue.TRUE : BooleanValue.FALSE;
    }

    /** A finite number; {@code integral} is true when it was written as a JSON integer. */
    record NumberValue(double value, boolean integral) implements TelemetryValue {
        public NumberValue {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("telemetry numbers are finite: " + value);
            }
        }
    }

    record StringValue(String value) implements TelemetryValue {
        public StringValue {
            if (value == null) {
                throw new IllegalArgumentException("string value is null");
            }
        }
    }

    record BooleanValue(boolean value) implements TelemetryValue {
        // Shared so that boolean points allocate nothing beyond the point itself.
        static final BooleanValue TRUE = new BooleanValue(true);
        static final BooleanValue FALSE = new BooleanValue(false);
    }
}
