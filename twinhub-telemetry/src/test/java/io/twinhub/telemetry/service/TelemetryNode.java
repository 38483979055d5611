package io.twinhub.telemetry.service;

import io.twinhub.core.store.MemoryStore;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A telemetry service on a {@link GatedStore} with a clock the test moves, restartable on the
 * same store as a node would be.
 */
final class TelemetryNode implements AutoCloseable {

    /** 2023-11-14T22:13:20Z: a round start so that bucket edges are easy to place. */
    static final long T0 = 1_700_000_000_000L;

    final GatedStore store;
    final AtomicLong clock = new AtomicLong(T0);
    TelemetryService service;

    TelemetryNode(TelemetrySettings settings) {
        this(new GatedStore(new MemoryStore()), settings);
    }

    private TelemetryNode(GatedStore store, TelemetrySettings settings) {
        this.store = store;
        start(settings);
    }

    /** Small shards and intervals for tests; flushes happen by point count only unless a test says so. */
    static TelemetrySettings settings() {
        return TelemetrySettings.defaults().withShards(2).withBucket(Duration.ofSeconds(10))
                .withFlushInterval(Duration.ofHours(1)).withFlushPoints(1_000_000);
    }

    void start(TelemetrySettings settings) {
        service = new TelemetryService(store, settings, clock::get);
        service.start();
    }

    /** A new service on the same store, as after a restart of the node. */
    void restart(TelemetrySettings settings) {
        service.close();
        clock.addAndGet(1_000);
        start(settings);
    }

    CompletableFuture<IngestResult> sendAsync(String device, String json, boolean sheddable) {
        CompletableFuture<IngestResult> result = new CompletableFuture<>();
        service.ingest(device, json.getBytes(StandardCharsets.UTF_8), sheddable, result::complete);
        return result;
    }

    IngestResult send(String device, String json) {
        try {
            return sendAsync(device, json, false).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer to a telemetry payload", e);
        }
    }

    /** Sends one payload of {@code key} points at the given times and values, expecting them stored. */
    void sendPoints(String device, String key, long[] ts, double[] values, boolean integral, int from, int to) {
        StringBuilder json = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            json.append("{\"ts\":").append(ts[i]).append(",\"values\":{\"").append(key).append("\":");
            json.append(integral ? Long.toString((long) values[i]) : Double.toString(values[i])).append("}}");
        }
        IngestResult r = send(device, json.append(']').toString());
        if (!r.isStored()) {
            throw new AssertionError("not stored: " + r);
        }
    }

    List<QueryPoint> raw(String device, String key, long from, long to, int limit) {
        return service.query(TelemetryQuery.raw(device, List.of(key), from, to, limit)).getOrDefault(key, List.of());
    }

    List<QueryPoint> aggregated(String device, String key, long from, long to, int limit, Aggregation agg,
                                long interval) {
        return service.query(TelemetryQuery.aggregated(device, List.of(key), from, to, limit, agg, interval))
                .getOrDefault(key, List.of());
    }

    Map<String, QueryPoint> latest(String device, String... keys) {
        return service.latest(device, List.of(keys));
    }

    @Override
    public void close() {
        service.close();
    }
}
