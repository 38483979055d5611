package io.twinhub.telemetry.payload;

import java.util.List;

/**
 * The outcome of parsing one payload: all of its points, or one rejection. A payload is
 * all-or-nothing — a single bad point rejects the whole payload and nothing of it is stored.
 */
public sealed interface TelemetryParseResult permits TelemetryParseResult.Accepted, TelemetryRejected {

    /** Every point of the payload, in the order they appear in it; never empty. */
    record Accepted(List<TelemetryPoint> points) implements TelemetryParseResult {
        public Accepted {
            points = List.copyOf(points);
        }
    }
}
