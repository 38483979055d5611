package io.twinhub.telemetry.service;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the telemetry service, cheap to bump from any thread. The HTTP module exports them
 * as {@code twinhub_telemetry_*} (docs/TELEMETRY.md lists the names).
 */
public final class TelemetryMetrics {

    /** Why a payload was not stored. */
    public enum DropReason {
        INVALID, RATE_LIMITED, OVERLOAD, STORE_FAILED;

        /** The metric label: {@code invalid}, {@code rate_limited}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Upper bounds (seconds, inclusive) of the cumulative store write latency buckets; +Inf is {@link #storeWrites()}. */
    private static final double[] LATENCY_BOUNDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};

    private final LongAdder pointsStored = new LongAdder();
    private final LongAdder payloadsStored = new LongAdder();
    private final LongAdder[] payloadsDropped = adders(DropReason.values().length);
    private final LongAdder[] pointsDropped = adders(DropReason.values().length);
    private final LongAdder payloadsRejected = new LongAdder();
    private final LongAdder queuedPayloads = new LongAdder();
    private final LongAdder storeWrites = new LongAdder();
    private final LongAdder storeWriteNanos = new LongAdder();
    private final LongAdder[] storeWritesWithin = adders(LATENCY_BOUNDS.length);
    private final LongAdder flushes = new LongAdder();
    private final LongAdder flushFailures = new LongAdder();
    private final LongAdder flushedChunks = new LongAdder();
    private final LongAdder flushedPoints = new LongAdder();
    /** Shared with the service's flow control: the gauge is the very number it decides on. */
    private final AtomicLong queuedBytes;
    private final AtomicLong queuedBytesPeak;

    TelemetryMetrics(AtomicLong queuedBytes, AtomicLong queuedBytesPeak) {
        this.queuedBytes = queuedBytes;
        this.queuedBytesPeak = queuedBytesPeak;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void stored(int payloads, int points) {
        payloadsStored.add(payloads);
        pointsStored.add(points);
    }

    void dropped(DropReason reason, int points) {
        payloadsDropped[reason.ordinal()].increment();
        pointsDropped[reason.ordinal()].add(points);
        if (reason != DropReason.OVERLOAD) {
            payloadsRejected.increment();
        }
    }

    void queued(int delta) {
        queuedPayloads.add(delta);
    }

    void storeWrite(long nanos) {
        storeWrites.increment();
        storeWriteNanos.add(nanos);
        double seconds = nanos / 1e9;
        for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
            if (seconds <= LATENCY_BOUNDS[i]) {
                storeWritesWithin[i].increment();
            }
        }
    }

    void flushed(int chunks, int points) {
        flushes.increment();
        flushedChunks.add(chunks);
        flushedPoints.add(points);
    }

    void flushFailed() {
        flushFailures.increment();
    }

    /** Points durably stored (acknowledged). */
    public long pointsStored() { return pointsStored.sum(); }

    /** Payloads durably stored (acknowledged). */
    public long payloadsStored() { return payloadsStored.sum(); }

    public long payloadsDropped(DropReason reason) { return payloadsDropped[reason.ordinal()].sum(); }

    /** Points of dropped payloads; 0 for payloads dropped before parsing (overload) or unparsable ones. */
    public long pointsDropped(DropReason reason) { return pointsDropped[reason.ordinal()].sum(); }

    /** Payloads answered with a rejection (invalid, rate limited, store failed); shed ones are not answered. */
    public long payloadsRejected() { return payloadsRejected.sum(); }

    /** Payload bytes accepted and waiting for the store (gauge). */
    public long queuedBytes() { return queuedBytes.get(); }

    /** The most payload bytes that ever waited for the store at once since the start. */
    public long queuedBytesPeak() { return queuedBytesPeak.get(); }

    /** Payloads accepted and waiting for the store (gauge). */
    public long queuedPayloads() { return queuedPayloads.sum(); }

    /** Ingest log writes (one per batch) that ended, successful or not. */
    public long storeWrites() { return storeWrites.sum(); }

    public double storeWriteSeconds() { return storeWriteNanos.sum() / 1e9; }

    /** Upper bounds in seconds of {@link #storeWritesWithin(int)}. */
    public static double[] storeWriteBounds() { return LATENCY_BOUNDS.clone(); }

    /** Log writes that took at most {@code storeWriteBounds()[i]} seconds (cumulative). */
    public long storeWritesWithin(int i) { return storeWritesWithin[i].sum(); }

    /** Flushes of buffered points to chunks that committed. */
    public long flushes() { return flushes.sum(); }

    public long flushFailures() { return flushFailures.sum(); }

    public long flushedChunks() { return flushedChunks.sum(); }

    public long flushedPoints() { return flushedPoints.sum(); }
}
