package io.twinhub.telemetry.service;

import io.twinhub.core.store.TelemetryStore;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;
import io.twinhub.telemetry.series.ChunkCodec;
import io.twinhub.telemetry.service.SeriesBuffer.SeriesPoints;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Answers queries on the caller's thread from a shard's {@link TelemetryShard.Snapshot} and the
 * chunks stored up to its flush mark, which together hold every point exactly once.
 */
final class TelemetryReads {

    private final TelemetryStore store;
    private final long bucketMillis;

    TelemetryReads(TelemetryStore store, long bucketMillis) {
        this.store = store;
        this.bucketMillis = bucketMillis;
    }

    /** The keys to answer: those asked, or every key the device has (memory and store) by name. */
    List<String> keys(String device, List<String> asked, TelemetryShard.Snapshot snapshot) {
        if (!asked.isEmpty()) {
            return asked;
        }
        TreeSet<String> keys = new TreeSet<>(snapshot.latest().keySet());
        store.readLatest(device, (key, value) -> keys.add(key));
        return List.copyOf(keys);
    }

    Map<String, List<QueryPoint>> query(TelemetryQuery q, long from, TelemetryShard.Snapshot snapshot) {
        Map<String, List<QueryPoint>> answer = new LinkedHashMap<>();
        for (String key : keys(q.device(), q.keys(), snapshot)) {
            if (answer.containsKey(key)) {
                continue; // a key asked twice is answered once
            }
            PointColumns points = collect(q, key, from, snapshot);
            List<QueryPoint> series = q.aggregation() == null
                    ? points.newestFirst(q.limit())
                    : Aggregates.of(points, q.aggregation(), q.interval(), q.limit());
            if (!series.isEmpty()) {
                answer.put(key, series);
            }
        }
        return answer;
    }

    private PointColumns collect(TelemetryQuery q, String key, long from, TelemetryShard.Snapshot snapshot) {
        long to = q.to();
        PointColumns points = new PointColumns(from, to);
        SeriesPoints buffered = snapshot.points().getOrDefault(key, SeriesPoints.NONE);
        if (from >= to) {
            return points;
        }
        long[] bufferedTs = buffered.ts().clone();
        Arrays.sort(bufferedTs);
        boolean raw = q.aggregation() == null;
        int limit = q.limit();
        long[] currentBucket = {Long.MAX_VALUE};
        int[] fromChunks = {0};
        // Raw points are read newest first, to stop once the limit is certain; aggregates read in
        // time order, buffered points (mostly the newest) last, so the columns usually need no sort.
        store.readChunks(q.device(), key, bucketOf(from), bucketOf(to - 1), snapshot.lastFlushSeq(), raw,
                (bucketStart, seq, chunk) -> {
                    if (raw && bucketStart < currentBucket[0]) {
                        // Every point read so far is at or after the end of this bucket: if they already
                        // fill the limit, this bucket and older ones cannot be among the newest.
                        currentBucket[0] = bucketStart;
                        long newer = fromChunks[0] + countAtOrAfter(bufferedTs, bucketStart + bucketMillis);
                        if (newer >= limit) {
                            return false;
                        }
                    }
                    int before = points.size;
                    ChunkCodec.decode(chunk, points);
                    fromChunks[0] += points.size - before;
                    return true;
                });
        points.addAll(buffered);
        return points;
    }

    private long bucketOf(long ts) {
        return Math.floorDiv(ts, bucketMillis) * bucketMillis;
    }

    private static int countAtOrAfter(long[] sorted, long ts) {
        int i = Arrays.binarySearch(sorted, ts);
        if (i < 0) {
            return sorted.length - (-i - 1);
        }
        while (i > 0 && sorted[i - 1] == ts) {
            i--;
        }
        return sorted.length - i;
    }

    /** Latest per key from memory and store; memory wins ties (it was stored later). */
    Map<String, QueryPoint> latest(String device, List<String> keys, long notBefore, Map<String, QueryPoint> buffered) {
        Map<String, QueryPoint> merged = new TreeMap<>();
        store.readLatest(device, (key, value) -> merged.put(key, LatestValueCodec.decode(value)));
        buffered.forEach((key, p) -> merged.merge(key, p, (stored, memory) -> memory.ts() >= stored.ts() ? memory : stored));
        Map<String, QueryPoint> answer = new LinkedHashMap<>();
        for (String key : keys.isEmpty() ? merged.keySet() : keys) {
            QueryPoint p = merged.get(key);
            if (p != null && p.ts() >= notBefore) {
                answer.put(key, p);
            }
        }
        return answer;
    }
}
