package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.QueryPoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a latest value: 8 bytes of timestamp (big-endian epoch ms), 1 byte of kind,
 * then the value: 8 bytes of IEEE 754 double for numbers, the UTF-8 bytes for strings, nothing
 * for booleans (the kind says which).
 */
final class LatestValueCodec {

    private static final byte FRACTIONAL = 0;
    private static final byte INTEGRAL = 1;
    private static final byte STRING = 2;
    private static final byte FALSE = 3;
    private static final byte TRUE = 4;

    private LatestValueCodec() { }

    static byte[] encode(long ts, TelemetryValue value) {
        return switch (value) {
            case TelemetryValue.NumberValue n -> ByteBuffer.allocate(17).putLong(ts)
                    .put(n.integral() ? INTEGRAL : FRACTIONAL).putDouble(n.value()).array();
            case TelemetryValue.StringValue s -> {
                byte[] utf8 = s.value().getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(9 + utf8.length).putLong(ts).put(STRING).put(utf8).array();
            }
            case TelemetryValue.BooleanValue b -> ByteBuffer.allocate(9).putLong(ts).put(b.value() ? TRUE : FALSE).array();
        };
    }

    static QueryPoint decode(byte[] stored) {
        if (stored.length < 9) {
            throw new IllegalArgumentException("latest value too short: " + stored.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        long ts = in.getLong();
        byte kind = in.get();
        TelemetryValue value = switch (kind) {
            case FRACTIONAL, INTEGRAL -> TelemetryValue.of(in.getDouble(), kind == INTEGRAL);
            case STRING -> TelemetryValue.of(new String(stored, 9, stored.length - 9, StandardCharsets.UTF_8));
            case FALSE -> TelemetryValue.of(false);
            case TRUE -> TelemetryValue.of(true);
            default -> throw new IllegalArgumentException("unknown latest value kind " + kind);
        };
        return new QueryPoint(ts, value);
    }
}
