package io.twinhub.telemetry.service;

import java.time.Duration;

/**
 * How the telemetry service runs.
 *
 * @param shards              single-writer threads; a device's telemetry belongs to one shard
 * @param bucket              time span of one stored chunk of a series; buckets start at multiples of it from the epoch
 * @param flushPoints         buffered points of one shard that trigger writing them as chunks
 * @param flushInterval       longest time points stay only in the ingest log and memory
 * @param maxQueuedBytes      payload bytes waiting for the store above which the service is congested
 * @param deviceRateLimit     payloads per second one device may send (burst: one second's worth); 0 = no limit
 * @param maxPointsPerPayload most points one payload may carry
 * @param retention           how long points are kept and answered; {@link Duration#ZERO} = forever
 * @param maxQueryLimit       the largest {@code limit} a query may ask for
 */
public record TelemetrySettings(int shards, Duration bucket, int flushPoints, Duration flushInterval,
                                long maxQueuedBytes, int deviceRateLimit, int maxPointsPerPayload,
                                Duration retention, int maxQueryLimit) {

    public TelemetrySettings {
        if (shards < 1 || shards > 1 << 15) {
            throw new IllegalArgumentException("shards must be 1 to 32768: " + shards);
        }
        if (bucket == null || bucket.toMillis() < 1) {
            throw new IllegalArgumentException("bucket must be at least 1 ms: " + bucket);
        }
        if (flushPoints < 1) {
            throw new IllegalArgumentException("flushPoints must be at least 1: " + flushPoints);
        }
        if (flushInterval == null || flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("flushInterval must be at least 1 ms: " + flushInterval);
        }
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least 1: " + maxQueuedBytes);
        }
        if (deviceRateLimit < 0) {
            throw new IllegalArgumentException("deviceRateLimit must not be negative: " + deviceRateLimit);
        }
        if (maxPointsPerPayload < 1) {
            throw new IllegalArgumentException("maxPointsPerPayload must be at least 1: " + maxPointsPerPayload);
        }
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: " + retention);
        }
        if (maxQueryLimit < 1) {
            throw new IllegalArgumentException("maxQueryLimit must be at least 1: " + maxQueryLimit);
        }
    }

    /**
     * Half the cores as shards, 1-hour buckets, a flush every 500,000 points per shard or 30 s,
     * 64 MiB queued, no rate limit, 1,000 points per payload, kept forever, 100,000 points per query.
     */
    public static TelemetrySettings defaults() {
        return new TelemetrySettings(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Duration.ofHours(1),
                500_000, Duration.ofSeconds(30), 64L << 20, 0, 1_000, Duration.ZERO, 100_000);
    }

    public long bucketMillis() {
        return bucket.toMillis();
    }

    public TelemetrySettings withShards(int shards) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withBucket(Duration bucket) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withFlushPoints(int flushPoints) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withFlushInterval(Duration flushInterval) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withMaxQueuedBytes(long maxQueuedBytes) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withDeviceRateLimit(int deviceRateLimit) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withMaxPointsPerPayload(int maxPointsPerPayload) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withRetention(Duration retention) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }

    public TelemetrySettings withMaxQueryLimit(int maxQueryLimit) {
        return new TelemetrySettings(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                maxPointsPerPayload, retention, maxQueryLimit);
    }
}
