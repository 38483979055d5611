package io.twinhub.bench.stats;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * Gathers latency histograms from every loop: once per progress tick into an interval histogram
 * (what the last second looked like) and a phase total (what the report shows). Synchronized
 * because the progress thread and the scenario thread both tick it; recorders have one drainer.
 */
public final class Collector {

    private final Stats stats;
    private final Map<Latency.Kind, Histogram> interval = new EnumMap<>(Latency.Kind.class);
    private final Map<Latency.Kind, Histogram> total = new EnumMap<>(Latency.Kind.class);

    public Collector(Stats stats) {
        this.stats = stats;
        for (Latency.Kind k : Latency.Kind.values()) {
            interval.put(k, Latency.newHistogram());
            total.put(k, Latency.newHistogram());
        }
    }

    /** Drains the recorders; returns copies of the interval histograms since the previous tick. */
    public synchronized Map<Latency.Kind, Histogram> tick() {
        Map<Latency.Kind, Histogram> out = new EnumMap<>(Latency.Kind.class);
        for (Latency.Kind k : Latency.Kind.values()) {
            Histogram iv = interval.get(k);
            iv.reset();
            for (LoopRecorders r : stats.allRecorders()) {
                r.drainInto(k, iv);
            }
            total.get(k).add(iv);
            out.put(k, iv.copy());
        }
        return out;
    }

    /** Starts a new phase: everything recorded so far is dropped from the totals. */
    public synchronized void resetTotals() {
        tick();
        for (Histogram h : total.values()) {
            h.reset();
        }
    }

    /** A copy of the phase total of one kind (drains first). */
    public synchronized Histogram total(Latency.Kind kind) {
        tick();
        return total.get(kind).copy();
    }
}
