package io.twinhub.telemetry.service;

import io.twinhub.core.store.BrokerStore;
import io.twinhub.telemetry.series.ChunkCodec;
import io.twinhub.telemetry.service.SeriesBuffer.SeriesPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes one shard's buffer as chunks, one per (series, bucket), with the latest values and the
 * removal of the log entries it covers, all in one group, and waits for it: so "chunks up to
 * {@link #lastFlushSeq()} + the buffer" is always one consistent view for queries.
 */
final class ShardFlush {

    private static final Logger log = LoggerFactory.getLogger(ShardFlush.class);

    private final BrokerStore store;
    private final long bucketMillis;
    private final TelemetryMetrics metrics;
    /** Shared by all shards: chunk numbers grow across shards and, through the clock, across restarts. */
    private final AtomicLong flushSeqs;
    private final LongSupplier clockMillis;
    private long lastFlushSeq;

    ShardFlush(BrokerStore store, long bucketMillis, TelemetryMetrics metrics, AtomicLong flushSeqs,
               LongSupplier clockMillis) {
        this.store = store;
        this.bucketMillis = bucketMillis;
        this.metrics = metrics;
        this.flushSeqs = flushSeqs;
        this.clockMillis = clockMillis;
        this.lastFlushSeq = flushSeqs.get();
    }

    /** Chunks numbered up to this belong to the view of queries; later ones are still in the buffer. */
    long lastFlushSeq() {
        return lastFlushSeq;
    }

    /**
     * @param cutFrom first log seq to remove
     * @param cutTo   first log seq to keep; equal to {@code cutFrom} to remove none
     * @return whether the group committed
     */
    boolean write(Map<String, Map<String, SeriesBuffer>> buffers, long cutFrom, long cutTo) {
        long nowMillis = clockMillis.getAsLong();
        long seq = flushSeqs.updateAndGet(previous -> Math.max(previous + 1, nowMillis * 1000));
        int chunks = 0;
        int points = 0;
        CompletableFuture<Throwable> committed = new CompletableFuture<>();
        try {
            BrokerStore.WriteGroup group = store.newBulkGroup();
            for (Map.Entry<String, Map<String, SeriesBuffer>> device : buffers.entrySet()) {
                Map<String, Long> storedLatest = storedLatestTs(device.getKey());
                for (Map.Entry<String, SeriesBuffer> series : device.getValue().entrySet()) {
                    SeriesBuffer buffer = series.getValue();
                    chunks += writeChunks(group, device.getKey(), series.getKey(), buffer.sorted(), seq);
                    points += buffer.size();
                    Long stored = storedLatest.get(series.getKey());
                    if (stored == null || buffer.latestTs() >= stored) { // equal: the buffer's was stored later
                        group.putLatest(device.getKey(), series.getKey(),
                                LatestValueCodec.encode(buffer.latestTs(), buffer.latestValue()));
                    }
                }
            }
            if (cutTo > cutFrom) {
                group.removeTelemetryLog(cutFrom, cutTo);
            }
            FlushMark.write(group, seq);
            group.commit(committed::complete);
        } catch (RuntimeException e) {
            committed.complete(e);
        }
        Throwable error = await(committed);
        if (error != null) {
            metrics.flushFailed();
            log.warn("telemetry flush failed, points stay in the log and memory: {}", error.toString());
            return false;
        }
        lastFlushSeq = seq;
        metrics.flushed(chunks, points);
        return true;
    }

    private int writeChunks(BrokerStore.WriteGroup group, String device, String key, SeriesPoints sorted, long seq) {
        long[] ts = sorted.ts();
        int chunks = 0;
        int from = 0;
        while (from < ts.length) {
            long bucketStart = Math.floorDiv(ts[from], bucketMillis) * bucketMillis;
            int to = from + 1;
            while (to < ts.length && ts[to] < bucketStart + bucketMillis) {
                to++;
            }
            group.putSeriesChunk(device, key, bucketStart, seq, ChunkCodec.encode(ts, sorted.values(), from, to));
            chunks++;
            from = to;
        }
        return chunks;
    }

    private Map<String, Long> storedLatestTs(String device) {
        Map<String, Long> ts = new HashMap<>();
        store.telemetry().readLatest(device, (key, value) -> ts.put(key, LatestValueCodec.decode(value).ts()));
        return ts;
    }

    private static Throwable await(CompletableFuture<Throwable> committed) {
        try {
            return committed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
