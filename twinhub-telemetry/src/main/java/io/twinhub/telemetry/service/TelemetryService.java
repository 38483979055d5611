package io.twinhub.telemetry.service;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.routing.Router;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.core.telemetry.TelemetryIngest;
import io.twinhub.telemetry.payload.TelemetryParseResult;
import io.twinhub.telemetry.payload.TelemetryParser;
import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryRejected;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQueries;
import io.twinhub.telemetry.query.TelemetryQuery;
import io.twinhub.telemetry.series.LogEntryCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Telemetry over the store (contract §4, docs/TELEMETRY.md): every device belongs to one
 * {@link TelemetryShard}, a thread that is the only writer of its devices' telemetry. Payloads
 * are parsed on the caller's thread, written to the ingest log by their shard in batches and
 * acknowledged once durable; queries run on the caller's thread against a consistent view of
 * the shard's memory and the stored chunks.
 */
public final class TelemetryService implements TelemetryIngest, TelemetryQueries, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryService.class);

    private final BrokerStore store;
    private final TelemetrySettings settings;
    private final LongSupplier clockMillis;
    private final TelemetryParser parser;
    private final FlowControl flow;
    private final TelemetryMetrics metrics;
    private final TelemetryShard[] shards;
    private final Thread[] threads;
    private final TelemetryReads reads;
    private volatile boolean started;
    private volatile boolean closed;

    /** A service that stores and answers but routes nothing (no broker to route to). */
    public TelemetryService(BrokerStore store, TelemetrySettings settings, LongSupplier clockMillis) {
        this(store, null, settings, clockMillis);
    }

    /**
     * @param router where stored telemetry goes to the topic's subscribers, in the same write group
     *               as its points; null routes nothing
     */
    public TelemetryService(BrokerStore store, Router router, TelemetrySettings settings, LongSupplier clockMillis) {
        this.store = store;
        this.settings = settings;
        this.clockMillis = clockMillis;
        this.parser = new TelemetryParser(settings.maxPointsPerPayload());
        this.flow = new FlowControl(settings.maxQueuedBytes());
        this.metrics = new TelemetryMetrics(flow.queuedBytes(), flow.peakBytes());
        this.reads = new TelemetryReads(store.telemetry(), settings.bucketMillis());
        // Above every chunk number of earlier runs, whatever the clock says now.
        AtomicLong flushSeqs = new AtomicLong(Math.max(clockMillis.getAsLong() * 1000, FlushMark.read(store.telemetry())));
        this.shards = new TelemetryShard[settings.shards()];
        this.threads = new Thread[shards.length];
        for (int i = 0; i < shards.length; i++) {
            ShardFlush flush = new ShardFlush(store, settings.bucketMillis(), metrics, flushSeqs, clockMillis);
            shards[i] = new TelemetryShard(i, store, router, settings, metrics, flow, clockMillis, flush);
        }
    }

    /**
     * Recovers what the ingest log of an earlier run holds (its points go to chunks and the log is
     * emptied), then starts the shards. Call once, before the transports open.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        long[] entries = {0};
        store.telemetry().readLog((seq, entry) -> {
            entries[0]++;
            LogEntryCodec.decode(entry, (device, points) -> shardOf(device).replay(device, points));
        });
        if (entries[0] > 0) {
            for (TelemetryShard s : shards) {
                s.flushRecovered();
            }
            // Shards may be more or fewer than in the run that wrote the log: remove all of it at once.
            BrokerStore.WriteGroup cut = store.newBulkGroup();
            cut.removeTelemetryLog(0, Long.MAX_VALUE);
            CompletableFuture<Throwable> done = new CompletableFuture<>();
            cut.commit(done::complete);
            Throwable error = done.join();
            if (error != null) {
                throw new IllegalStateException("could not remove the recovered telemetry log", error);
            }
            log.info("telemetry recovered {} log entries", entries[0]);
        }
        for (int i = 0; i < shards.length; i++) {
            threads[i] = Thread.ofPlatform().name("twinhub-telemetry-" + i).daemon(true).start(shards[i]);
        }
        started = true;
    }

    public TelemetryMetrics metrics() {
        return metrics;
    }

    public TelemetrySettings settings() {
        return settings;
    }

    private TelemetryShard shardOf(String device) {
        return shards[Math.floorMod(device.hashCode(), shards.length)];
    }

    // ---- ingest -----------------------------------------------------------------------------

    @Override
    public String deviceOf(String topic) {
        return TelemetryTopics.deviceOf(topic);
    }

    @Override
    public boolean isRejectionTopic(String topic) {
        return TelemetryTopics.isRejectionTopic(topic);
    }

    /**
     * Ingests a payload as if published on the device's telemetry topic at QoS 1 ({@code sheddable}
     * false) or 0: for callers that have no message of their own.
     */
    public void ingest(String device, byte[] payload, boolean sheddable, Consumer<IngestResult> done) {
        ingest(device, new Message(TelemetryTopics.topicOf(device), sheddable ? 0 : 1, false, new BytesPayload(payload),
                MessageProperties.NONE, Message.NO_EXPIRY, null), sheddable, done);
    }

    @Override
    public void ingest(String device, Message message, boolean sheddable, Consumer<IngestResult> done) {
        try {
            admit(device, message, sheddable, done);
        } catch (RuntimeException e) {
            message.payload().release();
            throw e;
        }
    }

    private void admit(String device, Message message, boolean sheddable, Consumer<IngestResult> done) {
        if (sheddable && flow.congested()) {
            message.payload().release();
            metrics.dropped(TelemetryMetrics.DropReason.OVERLOAD, 0);
            done.accept(IngestResult.shed());
            return;
        }
        if (!started || closed) {
            message.payload().release();
            metrics.dropped(TelemetryMetrics.DropReason.STORE_FAILED, 0);
            done.accept(Rejections.storeFailed(device, 0));
            return;
        }
        // Transports hand heap payloads: parse the array itself rather than a copy of it.
        byte[] payload = message.payload().unwrap() instanceof byte[] bytes ? bytes : message.payload().toByteArray();
        TelemetryParseResult parsed = parser.parse(payload, clockMillis.getAsLong());
        if (parsed instanceof TelemetryRejected r) {
            message.payload().release();
            metrics.dropped(TelemetryMetrics.DropReason.INVALID, 0);
            done.accept(Rejections.invalid(device, r.reason().name(), r.message()));
            return;
        }
        List<TelemetryPoint> points = ((TelemetryParseResult.Accepted) parsed).points();
        flow.queued(payload.length);
        metrics.queued(1);
        shardOf(device).submit(new TelemetryShard.Ingest(device, points, message, payload.length, done));
    }

    @Override
    public boolean congested() {
        return flow.congested();
    }

    @Override
    public void whenRelieved(Runnable task) {
        flow.whenRelieved(task);
    }

    // ---- queries ----------------------------------------------------------------------------

    @Override
    public Map<String, List<QueryPoint>> query(TelemetryQuery query) {
        if (query.limit() > settings.maxQueryLimit()) {
            throw new IllegalArgumentException("limit must be at most " + settings.maxQueryLimit());
        }
        long from = Math.max(Math.max(query.from(), 0), notBefore());
        TelemetryShard.Snapshot snapshot = await(shardOf(query.device()).snapshot(query.device(), query.keys(), from,
                query.to()));
        return reads.query(query, from, snapshot);
    }

    @Override
    public Map<String, QueryPoint> latest(String device, List<String> keys) {
        if (!started || closed) {
            throw new IllegalStateException("telemetry service is not running");
        }
        // Memory first, then the store: see TelemetryShard.bufferedLatest.
        Map<String, QueryPoint> buffered = shardOf(device).bufferedLatest(device, keys);
        return reads.latest(device, keys, notBefore(), buffered);
    }

    /** The oldest timestamp answered: retention hides what is older even before the store drops it. */
    private long notBefore() {
        long retention = settings.retention().toMillis();
        return retention == 0 ? Long.MIN_VALUE : clockMillis.getAsLong() - retention;
    }

    private TelemetryShard.Snapshot await(CompletableFuture<TelemetryShard.Snapshot> snapshot) {
        if (!started || closed) {
            throw new IllegalStateException("telemetry service is not running");
        }
        try {
            return snapshot.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Writes what the shards buffer as chunks and stops them; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        for (TelemetryShard s : shards) {
            s.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
