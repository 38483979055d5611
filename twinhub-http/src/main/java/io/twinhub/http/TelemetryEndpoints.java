package io.twinhub.http;

import io.twinhub.core.telemetry.TelemetryIngest;
import io.twinhub.telemetry.query.TelemetryQueries;
import io.twinhub.telemetry.service.TelemetryMetrics;

/**
 * What {@code /api/v1/things/{id}/telemetry…} uses (contract §4).
 *
 * @param ingest        validates and stores a posted payload, and routes it to the MQTT subscribers
 *                      of the device's telemetry topic
 * @param queries       reads stored telemetry (blocking: run on the API's worker pool)
 * @param maxQueryLimit the largest {@code limit} a query may ask for
 * @param metrics       the service's counters, exported on {@code /metrics} as {@code twinhub_telemetry_*}
 */
public record TelemetryEndpoints(TelemetryIngest ingest, TelemetryQueries queries, int maxQueryLimit,
                                 TelemetryMetrics metrics) {

    /** {@code limit} when a query gives none (or less, when the largest allowed is smaller). */
    public static final int DEFAULT_QUERY_LIMIT = 100;

    public TelemetryEndpoints {
        if (maxQueryLimit < 1) {
            throw new IllegalArgumentException("maxQueryLimit must be at least 1");
        }
    }

    public int defaultQueryLimit() {
        return Math.min(DEFAULT_QUERY_LIMIT, maxQueryLimit);
    }
}
