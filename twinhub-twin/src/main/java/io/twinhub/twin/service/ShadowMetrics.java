package io.twinhub.twin.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the shadow service, read when metrics are scraped. Results are counted by the
 * answer's code: 200 for accepted, else the rejection's code; latency is from the request's
 * arrival at its shard to its answer, after the write is durable.
 */
public final class ShadowMetrics {

    /** The codes the contract defines; anything else is counted under "other". */
    private static final int[] CODES = {200, 400, 403, 404, 409, 413, 429, 500};
    /** Upper bounds of the latency buckets, in microseconds. */
    private static final long[] LATENCY_BOUNDS_MICROS = {1_000, 10_000, 100_000, 1_000_000};

    private final LongAdder[] byCode = new LongAdder[CODES.length + 1];
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BOUNDS_MICROS.length];
    private final LongAdder latencyMicros = new LongAdder();
    public final LongAdder updatesAccepted = new LongAdder();
    public final LongAdder deltasPublished = new LongAdder();

    public ShadowMetrics() {
        for (int i = 0; i < byCode.length; i++) {
            byCode[i] = new LongAdder();
        }
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    void answered(int code, long latencyNanos) {
        int i = 0;
        while (i < CODES.length && CODES[i] != code) {
            i++;
        }
        byCode[i].increment();
        long micros = latencyNanos / 1_000;
        latencyMicros.add(micros);
        for (int b = 0; b < LATENCY_BOUNDS_MICROS.length; b++) {
            if (micros <= LATENCY_BOUNDS_MICROS[b]) {
                latencyBuckets[b].increment();
            }
        }
    }

    /** Answers by code ("200", "409", …, "other"). */
    public Map<String, Long> answersByCode() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < CODES.length; i++) {
            m.put(Integer.toString(CODES[i]), byCode[i].sum());
        }
        m.put("other", byCode[CODES.length].sum());
        return m;
    }

    public long answers() {
        long n = 0;
        for (LongAdder a : byCode) {
            n += a.sum();
        }
        return n;
    }

    /** Answers that took at most each bound ("0.001", "0.01", "0.1", "1" seconds), cumulative. */
    public Map<String, Long> latencyAtMost() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int b = 0; b < LATENCY_BOUNDS_MICROS.length; b++) {
            m.put(Double.toString(LATENCY_BOUNDS_MICROS[b] / 1e6), latencyBuckets[b].sum());
        }
        return m;
    }

    public long latencyMicrosTotal() {
        return latencyMicros.sum();
    }
}
