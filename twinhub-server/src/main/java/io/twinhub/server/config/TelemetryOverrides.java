package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

/**
 * The {@code telemetry:} settings of one layer; {@code null} keeps the value below. Component
 * names are the keys of the section; durations are text ({@link ConfigDurations}).
 */
public record TelemetryOverrides(Integer shards, String bucket, Integer flushPoints, String flushInterval,
                                 Long maxQueuedBytes, Integer deviceRateLimit, Integer maxPointsPerPayload,
                                 String retention, Integer maxQueryLimit) {

    public static final TelemetryOverrides NONE = new TelemetryOverrides(null, null, null, null, null, null, null,
            null, null);

    public NodeConfig.Telemetry applyTo(NodeConfig.Telemetry base) {
        return new NodeConfig.Telemetry(
                LimitSettings.or(shards, base.shards()),
                bucket == null ? base.bucket() : ConfigDurations.parse("telemetry.bucket", bucket),
                LimitSettings.or(flushPoints, base.flushPoints()),
                flushInterval == null ? base.flushInterval()
                        : ConfigDurations.parse("telemetry.flushInterval", flushInterval),
                LimitSettings.or(maxQueuedBytes, base.maxQueuedBytes()),
                LimitSettings.or(deviceRateLimit, base.deviceRateLimit()),
                LimitSettings.or(maxPointsPerPayload, base.maxPointsPerPayload()),
                retention == null ? base.retention() : ConfigDurations.parse("telemetry.retention", retention),
                LimitSettings.or(maxQueryLimit, base.maxQueryLimit()));
    }
}
