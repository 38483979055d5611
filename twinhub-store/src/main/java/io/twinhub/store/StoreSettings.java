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
 *                         retained); the small ones get a quarter. Memory use is about
 *                         2 × (2 + 3/4) × this at most, plus the block cache
 * @param blockCacheBytes block cache shared by all column families; the store reads only at
 *                        recovery, so a small one is enough
 * @param maxQueuedGroups groups waiting for the writer before commits are refused with
 *                        "store overloaded" (a commit never blocks its caller)
 * @param batchSyncInterval how often {@link Durability#BATCH} syncs the write-ahead log: the
 *                          loss window of that mode
 */
public record StoreSettings(
        Path dataDir,
        Durability durability,
        long writeBufferBytes,
        long blockCacheBytes,
        int maxQueuedGroups,
        Duration batchSyncInterval) {

    public static final long DEFAULT_WRITE_BUFFER_BYTES = 16L << 20;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_QUEUED_GROUPS = 65_536;
    public static final Duration DEFAULT_BATCH_SYNC_INTERVAL = Duration.ofMillis(100);

    public StoreSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(batchSyncInterval, "batchSyncInterval");
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
    }

    /** Sync durability and the default sizes. */
    public static StoreSettings defaults(Path dataDir) {
        return new StoreSettings(dataDir, Durability.SYNC, DEFAULT_WRITE_BUFFER_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_MAX_QUEUED_GROUPS, DEFAULT_BATCH_SYNC_INTERVAL);
    }

    public StoreSettings withDurability(Durability d) {
        return new StoreSettings(dataDir, d, writeBufferBytes, blockCacheBytes, maxQueuedGroups, batchSyncInterval);
    }

    public StoreSettings withWriteBufferBytes(long bytes) {
        return new StoreSettings(dataDir, durability, bytes, blockCacheBytes, maxQueuedGroups, batchSyncInterval);
    }

    public StoreSettings withMaxQueuedGroups(int groups) {
        return new StoreSettings(dataDir, durability, writeBufferBytes, blockCacheBytes, groups, batchSyncInterval);
    }

    public StoreSettings withBatchSyncInterval(Duration interval) {
        return new StoreSettings(dataDir, durability, writeBufferBytes, blockCacheBytes, maxQueuedGroups, interval);
    }
}
