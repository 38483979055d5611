package io.twinhub.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the durable store is opened.
 *
 * @param dataDir the node's data directory; RocksDB lives in its {@code rocksdb} folder
 * @param durability when a commit is reported durable, see {@link Durability}
 * @param writeBufferBytes size of one in-memory table of the large column families (queued,
 *                         retained, shadows, telemetry log, series); the small ones get a
 *                         quarter. Memory use is at most 2 × (5 + 7/4) × this, plus the block
 *                         cache (the write-ahead log cap, 4 × this, forces flushes long before)
 * @param blockCacheBytes block cache shared by all column families; the store reads only at
 *                        recovery, so a small one is enough
 * @param maxQueuedGroups groups waiting for the writer before commits are refused with
 *                        "store overloaded" (a commit never blocks its caller); ordinary and
 *                        bulk groups each have a queue of this bound
 * @param batchSyncInterval how often {@link Durability#BATCH} syncs the write-ahead log: the
 *                          loss window of that mode
 * @param telemetryRetention how long telemetry chunks are kept after they were written;
 *                           {@link Duration#ZERO} (the default) keeps them forever. Rounded up to
 *                           whole seconds (RocksDB's TTL unit)
 */
public record StoreSettings(
        Path dataDir,
        Durability durability,
        long writeBufferBytes,
        long blockCacheBytes,
        int maxQueuedGroups,
        Duration batchSyncInterval,
        Duration telemetryRetention) {

    public static final long DEFAULT_WRITE_BUFFER_BYTES = 16L << 20;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_QUEUED_GROUPS = 65_536;
    public static final Duration DEFAULT_BATCH_SYNC_INTERVAL = Duration.ofMillis(100);

    public StoreSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(batchSyncInterval, "batchSyncInterval");
        Objects.requireNonNull(telemetryRetention, "telemetryRetention");
        if (writeBufferBytes < (1L << 20)) {
            throw new IllegalArgumentException("writeBufferBytes must be at least 1 MiB: " + writeBufferBytes);
        }
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("blockCacheBytes must not be negative: " + blockCacheBytes);
        }
        if (maxQueuedGroups < 1) {
            throw new IllegalArgumentException("maxQueuedGroups must be positive: " + maxQueuedGroups);
        }
        if (batchSyncInterval.isNegative() || batchSyncInterval.isZero()) {
            throw new IllegalArgumentException("batchSyncInterval must be positive: " + batchSyncInterval);
        }
        if (telemetryRetention.isNegative()) {
            throw new IllegalArgumentException("telemetryRetention must not be negative: " + telemetryRetention);
        }
    }

    /** Sync durability and the default sizes. */
    public static StoreSettings defaults(Path dataDir) {
        return new StoreSettings(dataDir, Durability.SYNC, DEFAULT_WRITE_BUFFER_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_MAX_QUEUED_GROUPS, DEFAULT_BATCH_SYNC_INTERVAL, Duration.ZERO);
    }

    public StoreSettings withDurability(Durability d) {
        return new StoreSettings(dataDir, d, writeBufferBytes, blockCacheBytes, maxQueuedGroups, batchSyncInterval,
                telemetryRetention);
    }

    public StoreSettings withWriteBufferBytes(long bytes) {
        return new StoreSettings(dataDir, durability, bytes, blockCacheBytes, maxQueuedGroups, batchSyncInterval,
                telemetryRetention);
    }

    public StoreSettings withMaxQueuedGroups(int groups) {
        return new StoreSettings(dataDir, durability, writeBufferBytes, blockCacheBytes, groups, batchSyncInterval,
                telemetryRetention);
    }

    public StoreSettings withBatchSyncInterval(Duration interval) {
        return new StoreSettings(dataDir, durability, writeBufferBytes, blockCacheBytes, maxQueuedGroups, interval,
                telemetryRetention);
    }

    public StoreSettings withTelemetryRetention(Duration retention) {
        return new StoreSettings(dataDir, durability, writeBufferBytes, blockCacheBytes, maxQueuedGroups,
                batchSyncInterval, retention);
    }

    /** The retention in RocksDB's TTL unit, rounded up so that a short retention is never "forever"; 0 = none. */
    long telemetryRetentionSeconds() {
        if (telemetryRetention.isZero()) {
            return 0;
        }
        return telemetryRetention.plusNanos(999_999_999).getSeconds();
    }
}
