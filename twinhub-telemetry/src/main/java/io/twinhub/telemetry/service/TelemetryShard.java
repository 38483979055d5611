package io.twinhub.telemetry.service;

import io.twinhub.core.message.Message;
import io.twinhub.core.routing.Router;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.series.DevicePoints;
import io.twinhub.telemetry.series.LogEntryCodec;
import io.twinhub.telemetry.service.SeriesBuffer.SeriesPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The single writer of the telemetry of a set of devices. Payloads taken from the inbox at once
 * become one ingest log entry in one store group; they are answered, and their points become
 * visible in the buffer, when that group is durable. The buffer goes to chunks now and then
 * ({@link ShardFlush}). Everything here runs on the shard's thread, except what the service does
 * before starting it (recovery).
 */
final class TelemetryShard implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryShard.class);
    private static final int MAX_BATCH = 1024;
    private static final Object STOP = new Object();

    /** An accepted payload on its way to the log, with the message to route once it is durable. */
    record Ingest(String device, List<TelemetryPoint> points, Message message, int bytes, Consumer<IngestResult> done) { }

    /** What a query needs from memory: buffered points per key in its range, the latest per key, the flush mark. */
    record Snapshot(long lastFlushSeq, Map<String, SeriesPoints> points, Map<String, QueryPoint> latest) { }

    private final int index;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final BrokerStore store;
    /** Null when nothing is routed. */
    private final Router router;
    private final TelemetrySettings settings;
    private final TelemetryMetrics metrics;
    private final FlowControl flow;
    private final LongSupplier clockMillis;
    private final DeviceRateLimits rateLimits;
    private final ShardFlush flush;
    /** device → key → unflushed points. */
    private final Map<String, Map<String, SeriesBuffer>> buffers = new ConcurrentHashMap<>();
    /** Series changed by the payload being buffered, whose latest point is published after it. */
    private final List<SeriesBuffer> touched = new ArrayList<>();
    private int bufferedPoints;
    private long nextLogSeq;
    /** First log seq whose points are not in the buffer yet (its commit has not been answered). */
    private long firstUnbufferedSeq;
    private int groupsInFlight;
    private long lastFlushNanos = System.nanoTime();

    TelemetryShard(int index, BrokerStore store, Router router, TelemetrySettings settings, TelemetryMetrics metrics,
                   FlowControl flow, LongSupplier clockMillis, ShardFlush flush) {
        this.index = index;
        this.store = store;
        this.router = router;
        this.settings = settings;
        this.metrics = metrics;
        this.flow = flow;
        this.clockMillis = clockMillis;
        this.rateLimits = new DeviceRateLimits(settings.deviceRateLimit());
        this.flush = flush;
        this.nextLogSeq = firstLogSeq();
        this.firstUnbufferedSeq = nextLogSeq;
    }

    /** This shard's log entries are numbered in [index << 48, (index + 1) << 48). */
    private long firstLogSeq() {
        return (long) index << 48;
    }

    void submit(Ingest ingest) {
        inbox.add(ingest);
    }

    void execute(Runnable task) {
        inbox.add(task);
    }

    void stop() {
        inbox.add(STOP);
    }

    /** Asks the shard's thread for what a query needs; {@code from >= to} copies no points. */
    CompletableFuture<Snapshot> snapshot(String device, List<String> keys, long from, long to) {
        CompletableFuture<Snapshot> answer = new CompletableFuture<>();
        execute(() -> {
            try {
                answer.complete(snapshotNow(device, keys, from, to));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private Snapshot snapshotNow(String device, List<String> keys, long from, long to) {
        Map<String, SeriesBuffer> series = buffers.getOrDefault(device, Map.of());
        Map<String, SeriesPoints> points = new HashMap<>();
        Map<String, QueryPoint> latest = new HashMap<>();
        for (String key : keys.isEmpty() ? series.keySet() : keys) {
            SeriesBuffer b = series.get(key);
            if (b != null) {
                latest.put(key, new QueryPoint(b.latestTs(), b.latestValue()));
                if (from < to) {
                    points.put(key, b.copy(from, to));
                }
            }
        }
        return new Snapshot(flush.lastFlushSeq(), points, latest);
    }

    /**
     * The latest buffered point of each asked key (every buffered key when none is asked), read on
     * the caller's thread without a hop to the shard. Read it before the store: a flush writes the
     * store before it empties the buffer, so a point is always in one or the other.
     */
    Map<String, QueryPoint> bufferedLatest(String device, List<String> keys) {
        Map<String, SeriesBuffer> series = buffers.get(device);
        if (series == null) {
            return Map.of();
        }
        Map<String, QueryPoint> latest = new HashMap<>();
        if (keys.isEmpty()) {
            series.forEach((key, b) -> putPublished(latest, key, b));
        } else {
            for (String key : keys) {
                SeriesBuffer b = series.get(key);
                if (b != null) {
                    putPublished(latest, key, b);
                }
            }
        }
        return latest;
    }

    private static void putPublished(Map<String, QueryPoint> latest, String key, SeriesBuffer b) {
        QueryPoint p = b.publishedLatest();
        if (p != null) {
            latest.put(key, p);
        }
    }

    // ---- the shard's thread -------------------------------------------------------------------

    @Override
    public void run() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        List<Ingest> admitted = new ArrayList<>();
        boolean stopping = false;
        try {
            while (true) {
                Object first = inbox.poll(nanosToNextFlush(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, MAX_BATCH - 1);
                }
                long now = clockMillis.getAsLong();
                for (Object o : batch) {
                    if (o == STOP) {
                        stopping = true;
                    } else if (o instanceof Ingest i) {
                        if (rateLimits.tryTake(i.device(), now)) {
                            admitted.add(i);
                        } else {
                            i.message().payload().release();
                            answer(i, Rejections.rateLimited(i.device(), i.points().size(), settings.deviceRateLimit()),
                                    TelemetryMetrics.DropReason.RATE_LIMITED);
                        }
                    } else {
                        ((Runnable) o).run();
                    }
                }
                batch.clear();
                if (!admitted.isEmpty()) {
                    writeLog(List.copyOf(admitted));
                    admitted.clear();
                }
                if (bufferedPoints >= settings.flushPoints() || nanosToNextFlush() == 0) {
                    flushNow(true);
                    rateLimits.forgetIdle(now);
                }
                if (stopping && groupsInFlight == 0 && inbox.isEmpty()) {
                    flushNow(true);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            refuseLeftovers();
        }
    }

    private long nanosToNextFlush() {
        if (bufferedPoints == 0) {
            return TimeUnit.SECONDS.toNanos(1); // nothing to flush: only wake for rate limit upkeep
        }
        return Math.max(0, lastFlushNanos + settings.flushInterval().toNanos() - System.nanoTime());
    }

    /**
     * One log entry for the whole batch, in one group with the subscribers' durable copies of its
     * messages; answers and deliveries wait for its commit.
     */
    private void writeLog(List<Ingest> ingests) {
        long seq = nextLogSeq++;
        long started = System.nanoTime();
        Router.Prepared[] routed = new Router.Prepared[ingests.size()];
        try {
            List<DevicePoints> entry = new ArrayList<>(ingests.size());
            for (Ingest i : ingests) {
                entry.add(new DevicePoints(i.device(), i.points()));
            }
            BrokerStore.WriteGroup group = store.newBulkGroup();
            group.putTelemetryLog(seq, LogEntryCodec.encode(entry));
            for (int n = 0; n < routed.length; n++) {
                Message m = ingests.get(n).message();
                routed[n] = router == null ? null : router.prepare(m, group);
                if (router == null) {
                    m.payload().release();
                }
            }
            groupsInFlight++;
            group.commit(error -> {
                metrics.storeWrite(System.nanoTime() - started);
                execute(() -> committed(ingests, routed, seq, error));
            });
        } catch (RuntimeException e) {
            groupsInFlight++;
            committed(ingests, routed, seq, e);
        }
    }

    private void committed(List<Ingest> ingests, Router.Prepared[] routed, long seq, Throwable error) {
        groupsInFlight--;
        if (error != null) {
            log.warn("telemetry log write failed: {}", error.toString());
            for (int n = 0; n < routed.length; n++) {
                Ingest i = ingests.get(n);
                if (routed[n] != null) {
                    routed[n].discard();
                } else if (router != null) {
                    i.message().payload().release();  // never prepared: the write failed before
                }
                answer(i, Rejections.storeFailed(i.device(), i.points().size()), TelemetryMetrics.DropReason.STORE_FAILED);
            }
            return;
        }
        firstUnbufferedSeq = seq + 1;
        for (int n = 0; n < routed.length; n++) {
            Ingest i = ingests.get(n);
            buffer(i.device(), i.points());
            metrics.stored(1, i.points().size());
            if (routed[n] != null) {
                routed[n].handOut();
            }
            answer(i, IngestResult.stored(i.points().size()), null);
        }
    }

    private void answer(Ingest ingest, IngestResult result, TelemetryMetrics.DropReason dropped) {
        flow.released(ingest.bytes());
        metrics.queued(-1);
        if (dropped != null) {
            metrics.dropped(dropped, ingest.points().size());
        }
        try {
            ingest.done().accept(result);
        } catch (RuntimeException e) {
            log.warn("answering a telemetry payload failed", e);
        }
    }

    private void buffer(String device, List<TelemetryPoint> points) {
        Map<String, SeriesBuffer> series = buffers.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        for (TelemetryPoint p : points) {
            SeriesBuffer b = series.computeIfAbsent(p.key(), k -> new SeriesBuffer());
            b.add(p.tsMillis(), p.value());
            if (!b.touched) {
                b.touched = true;
                touched.add(b);
            }
        }
        for (SeriesBuffer b : touched) {
            b.publishLatest();
        }
        touched.clear();
        bufferedPoints += points.size();
    }

    /**
     * Writes the buffer as chunks and waits for it; on success the buffer is emptied and, when
     * {@code cutLog}, the log entries it covered removed.
     */
    private boolean flushNow(boolean cutLog) {
        lastFlushNanos = System.nanoTime();
        if (bufferedPoints == 0) {
            return true;
        }
        boolean done = cutLog ? flush.write(buffers, firstLogSeq(), firstUnbufferedSeq) : flush.write(buffers, 0, 0);
        if (done) {
            buffers.clear();
            bufferedPoints = 0;
        }
        return done;
    }

    /** After the thread ends: nothing waits forever for it. */
    private void refuseLeftovers() {
        Object o;
        while ((o = inbox.poll()) != null) {
            if (o instanceof Ingest i) {
                i.message().payload().release();
                answer(i, Rejections.storeFailed(i.device(), i.points().size()), TelemetryMetrics.DropReason.STORE_FAILED);
            } else if (o instanceof Runnable r) {
                r.run();
            }
        }
    }

    // ---- recovery, before the thread starts ---------------------------------------------------

    /** Points of the log of an earlier run, as if just stored; flushed (log kept) when the buffer is full. */
    void replay(String device, List<TelemetryPoint> points) {
        buffer(device, points);
        if (bufferedPoints >= settings.flushPoints() && !flushNow(false)) {
            throw new IllegalStateException("telemetry recovery could not write chunks");
        }
    }

    /** Writes what recovery buffered; the caller removes the old log once every shard did. */
    void flushRecovered() {
        if (!flushNow(false)) {
            throw new IllegalStateException("telemetry recovery could not write chunks");
        }
    }
}
