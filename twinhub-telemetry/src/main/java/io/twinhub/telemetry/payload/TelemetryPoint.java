package io.twinhub.telemetry.payload;

/**
 * One accepted telemetry point: the value of {@code key} at {@code tsMillis} (epoch milliseconds,
 * UTC). The timestamp is either the device's {@code ts} or the server time the payload was received.
 */
public record TelemetryPoint(long tsMillis, String key, TelemetryValue value) {
    public TelemetryPoint {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("a telemetry point needs a key and a value");
        }
    }
}
