package io.twinhub.core.store;

/**
 * Stored telemetry, in the forms the telemetry module encodes (the store sees opaque bytes):
 *
 * <ul>
 *   <li>the <b>ingest log</b>: one entry per batch of accepted points, keyed by a sequence
 *       number, written in the batch's group so an acknowledged point is durable at once;
 *       removed once its points are in chunks;</li>
 *   <li><b>series chunks</b>: the points of one series (device, key) in one time bucket that one
 *       flush wrote, keyed {@code (device, key, bucketStart, seq)}; a bucket may have several
 *       chunks (one per flush that touched it);</li>
 *   <li><b>latest values</b>: one record per (device, key), so "latest" needs no scan.</li>
 * </ul>
 *
 * Reads see what committed groups wrote; they may block on the disk, so never call them on an
 * event loop. Chunks older than the store's retention may disappear at any time (compaction
 * drops them); readers filter by time themselves.
 */
public interface TelemetryStore {

    /** Nothing stored, nothing kept. */
    TelemetryStore NONE = new TelemetryStore() {
        @Override public void readLog(LogVisitor visitor) { }
        @Override public void readChunks(String device, String key, long fromBucket, long toBucket, long maxSeq,
                                         boolean newestFirst, ChunkVisitor visitor) { }
        @Override public void readLatest(String device, LatestVisitor visitor) { }
    };

    /** Every log entry, in sequence order. */
    void readLog(LogVisitor visitor);

    /**
     * The chunks of one series whose bucket start is in [{@code fromBucket}, {@code toBucket}]
     * (both included) and whose sequence number is at most {@code maxSeq}, in (bucket, seq)
     * order, or the reverse of it when {@code newestFirst}. Stops when the visitor returns false.
     */
    void readChunks(String device, String key, long fromBucket, long toBucket, long maxSeq, boolean newestFirst,
                    ChunkVisitor visitor);

    /** Every latest-value record of one device, in byte order of the keys. */
    void readLatest(String device, LatestVisitor visitor);

    @FunctionalInterface
    interface LogVisitor {
        void entry(long seq, byte[] entry);
    }

    @FunctionalInterface
    interface ChunkVisitor {
        /** @return false to stop reading */
        boolean chunk(long bucketStart, long seq, byte[] chunk);
    }

    @FunctionalInterface
    interface LatestVisitor {
        void latest(String key, byte[] value);
    }
}
