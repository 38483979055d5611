package io.twinhub.bench.scenario;

import io.twinhub.bench.access.NodeMetrics;
import io.twinhub.bench.stats.Rates;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Points of a telemetry run, counted where they end up. A twinhub node says on {@code /metrics}
 * how many points it stored durably and how many payloads it dropped and why; the run's figure is
 * the growth of its stored counter over the measured phase. The PINGREQ barrier does not cover
 * storing (a PINGRESP proves only that the node read every PUBLISH before it; QoS 0 telemetry
 * is stored after that), so each phase also waits until the node's telemetry queue is empty and its
 * stored counter stands still. A server without that endpoint (Mosquitto, discard) stores nothing:
 * its points figure is what it brokered, confirmed messages × points per payload.
 */
public final class TelemetryTally {

    static final String PREFIX = "twinhub_telemetry_";
    private static final String STORED = PREFIX + "points_stored_total";
    private static final String PAYLOADS_STORED = PREFIX + "payloads_stored_total";
    private static final String DROPPED = PREFIX + "payloads_dropped_total";
    private static final String QUEUED = PREFIX + "queued_payloads";
    private static final long POLL_MILLIS = 50;

    private final int pointsPerPayload;
    private final NodeMetrics metrics;

    /** @param metrics the node's metrics, or null for a server that stores nothing */
    public TelemetryTally(int pointsPerPayload, NodeMetrics metrics) {
        this.pointsPerPayload = pointsPerPayload;
        this.metrics = metrics;
    }

    public boolean stores() {
        return metrics != null;
    }

    /** The node's telemetry counters at one moment (empty for a server that stores nothing). */
    record Snapshot(long nanos, Map<String, Double> counters) {
        double get(String name) {
            return counters.getOrDefault(name, 0.0);
        }

        double delta(Snapshot start, String name) {
            return get(name) - start.get(name);
        }
    }

    Snapshot read() throws IOException, InterruptedException {
        long t = System.nanoTime();
        return new Snapshot(t, metrics == null ? Map.of() : metrics.read(PREFIX));
    }

    /**
     * After the barrier: waits until nothing waits for the store and the stored counter stood
     * still between two reads; returns the last read, whose time ends the storing window.
     * Null if that did not happen within {@code timeoutNanos}.
     */
    Snapshot settle(long timeoutNanos, BooleanSupplier serverDied) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        Snapshot last = read();
        Snapshot changed = last;
        while (metrics != null) {
            Thread.sleep(POLL_MILLIS);
            Snapshot now = read();
            if (now.get(STORED) != last.get(STORED)) {
                changed = now;
            } else if (now.get(QUEUED) == 0) {
                // Stored nothing since the previous read: the window ended when the counter last moved.
                return new Snapshot(changed.nanos(), now.counters());
            }
            last = now;
            if (System.nanoTime() > deadline || serverDied.getAsBoolean()) {
                return null;
            }
        }
        return last;
    }

    /** The points figures of a measured phase that started at {@code start} and confirmed {@code confirmed} messages. */
    void report(RunResult result, Snapshot start, Snapshot end, long confirmed, long ingestWindowNanos) {
        long offered = confirmed * pointsPerPayload;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("points_per_payload", pointsPerPayload);
        d.put("points_confirmed", offered);
        if (metrics == null) {
            result.figure("points_rate", "points/s (twinhub: stored; others: msg/s × points)", "points/s",
                    Rates.perSecond(offered, ingestWindowNanos), true);
            result.note(result.server() + " stores nothing: its points/s is messages brokered × " + pointsPerPayload
                    + " points per payload");
            result.details().put("telemetry", d);
            return;
        }
        long stored = Math.round(end.delta(start, STORED));
        long window = end.nanos() - start.nanos();
        result.figure("points_rate", "points/s (twinhub: stored; others: msg/s × points)", "points/s",
                Rates.perSecond(stored, window), true);
        result.figure("payloads_stored_rate", "telemetry payloads stored", "msg/s",
                Rates.perSecond(Math.round(end.delta(start, PAYLOADS_STORED)), window), true);
        result.figure("stored_pct", "points stored / points confirmed", "%",
                offered == 0 ? Double.NaN : 100.0 * stored / offered, true);
        Map<String, Long> dropped = new TreeMap<>();
        long droppedTotal = 0;
        for (String name : end.counters().keySet()) {
            if (name.startsWith(DROPPED + "{")) {
                long n = Math.round(end.delta(start, name));
                String reason = name.substring(name.indexOf("reason=\"") + 8, name.lastIndexOf('"'));
                dropped.put(reason, n);
                droppedTotal += n;
            }
        }
        result.figure("payloads_dropped", "telemetry payloads dropped (all reasons)", "", droppedTotal, false);
        d.put("points_stored", stored);
        d.put("payloads_stored", Math.round(end.delta(start, PAYLOADS_STORED)));
        d.put("payloads_dropped", dropped);
        d.put("payloads_rejected", Math.round(end.delta(start, PREFIX + "payloads_rejected_total")));
        d.put("flushes", Math.round(end.delta(start, PREFIX + "flushes_total")));
        d.put("flushed_points", Math.round(end.delta(start, PREFIX + "flushed_points_total")));
        d.put("store_writes", Math.round(end.delta(start, PREFIX + "store_writes_total")));
        d.put("queued_bytes_peak", end.get(PREFIX + "queued_bytes_peak"));
        d.put("storing_window_seconds", window / 1e9);
        result.details().put("telemetry", d);
        if (droppedTotal > 0) {
            result.note("the node dropped " + droppedTotal + " telemetry payloads " + dropped
                    + " (overload: QoS 0 shed above maxQueuedBytes; invalid: rejected by the parser)");
        }
    }
}
