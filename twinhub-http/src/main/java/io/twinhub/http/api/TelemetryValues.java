package io.twinhub.http.api;

import io.twinhub.telemetry.payload.TelemetryValue;

/** A telemetry value as it is written in a JSON answer: the way the device sent it. */
final class TelemetryValues {

    /** Integral doubles that a {@code long} holds exactly; 2^63 itself does not fit. */
    private static final double LONG_RANGE = 0x1p63;

    private TelemetryValues() {
    }

    /** A Number (a Long when the value was written as an integer), a String or a Boolean. */
    static Object json(TelemetryValue value) {
        return switch (value) {
            case TelemetryValue.NumberValue n -> number(n);
            case TelemetryValue.StringValue s -> s.value();
            case TelemetryValue.BooleanValue b -> b.value();
        };
    }

    private static Number number(TelemetryValue.NumberValue n) {
        double v = n.value();
        if (n.integral() && v == Math.rint(v) && v >= -LONG_RANGE && v < LONG_RANGE) {
            return (long) v;
        }
        return v;
    }
}
