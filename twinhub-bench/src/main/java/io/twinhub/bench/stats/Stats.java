package io.twinhub.bench.stats;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every counter and latency recorder of one run. Counters are LongAdders because connections on
 * different event loops update them; hot paths add once per batch or read burst, not per packet.
 * Latencies go to per-loop single-writer recorders.
 */
public final class Stats {

    private final LongAdder[] counters = new LongAdder[Counter.COUNT];
    private final Map<EventExecutor, LoopRecorders> loops = new IdentityHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** @param executors the event loops connections will run on; the map is read-only afterwards */
    public Stats(Iterable<? extends EventExecutor> executors) {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        for (EventExecutor e : executors) {
            loops.put(e, new LoopRecorders());
        }
    }

    public void add(Counter c, long n) {
        if (n != 0) {
            counters[c.ordinal()].add(n);
        }
    }

    public void increment(Counter c) {
        counters[c.ordinal()].increment();
    }

    public long get(Counter c) {
        return counters[c.ordinal()].sum();
    }

    /** The recorders of the loop a connection runs on. */
    public LoopRecorders recorders(EventLoop loop) {
        LoopRecorders r = loops.get(loop);
        if (r == null) {
            throw new IllegalStateException("event loop not registered with these stats: " + loop);
        }
        return r;
    }

    /** Counts one failure under a short reason ("connection refused", "CONNACK 0x87", …). */
    public void failure(String reason) {
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public CounterSnapshot snapshot() {
        long[] values = new long[Counter.COUNT];
        for (int i = 0; i < values.length; i++) {
            values[i] = counters[i].sum();
        }
        return new CounterSnapshot(System.nanoTime(), values);
    }

    Iterable<LoopRecorders> allRecorders() {
        return loops.values();
    }
}
