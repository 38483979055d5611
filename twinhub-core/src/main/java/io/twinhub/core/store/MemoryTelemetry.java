package io.twinhub.core.store;

import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The telemetry of a {@link MemoryStore}: sorted maps in the order the durable store keeps. */
final class MemoryTelemetry implements TelemetryStore {

    private record Series(String device, String key) { }

    private record ChunkId(long bucketStart, long seq) {
        static final Comparator<ChunkId> ORDER =
                Comparator.comparingLong(ChunkId::bucketStart).thenComparingLong(ChunkId::seq);
    }

    final ConcurrentSkipListMap<Long, byte[]> log = new ConcurrentSkipListMap<>();
    private final Map<Series, ConcurrentSkipListMap<ChunkId, byte[]>> chunks = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<String, byte[]>> latest = new ConcurrentHashMap<>();

    void putChunk(String device, String key, long bucketStart, long seq, byte[] chunk) {
        chunks.computeIfAbsent(new Series(device, key), s -> new ConcurrentSkipListMap<>(ChunkId.ORDER))
                .put(new ChunkId(bucketStart, seq), chunk);
    }

    void putLatest(String device, String key, byte[] value) {
        latest.computeIfAbsent(device, d -> new ConcurrentSkipListMap<>()).put(key, value);
    }

    @Override
    public void readLog(LogVisitor visitor) {
        log.forEach(visitor::entry);
    }

    @Override
    public void readChunks(String device, String key, long fromBucket, long toBucket, long maxSeq,
                           boolean newestFirst, ChunkVisitor visitor) {
        ConcurrentSkipListMap<ChunkId, byte[]> series = chunks.get(new Series(device, key));
        if (series == null || fromBucket > toBucket) {
            return;
        }
        NavigableMap<ChunkId, byte[]> range = series.subMap(new ChunkId(fromBucket, Long.MIN_VALUE), true,
                new ChunkId(toBucket, Long.MAX_VALUE), true);
        for (Map.Entry<ChunkId, byte[]> e : (newestFirst ? range.descendingMap() : range).entrySet()) {
            if (e.getKey().seq() <= maxSeq && !visitor.chunk(e.getKey().bucketStart(), e.getKey().seq(), e.getValue())) {
                return;
            }
        }
    }

    @Override
    public void readLatest(String device, LatestVisitor visitor) {
        ConcurrentSkipListMap<String, byte[]> values = latest.get(device);
        if (values != null) {
            values.forEach(visitor::latest);
        }
    }
}
