package io.twinhub.bench.stats;

/** All counters at one instant (System.nanoTime). */
public record CounterSnapshot(long nanos, long[] values) {

    public long get(Counter c) {
        return values[c.ordinal()];
    }

    /** How much {@code c} grew from {@code earlier} to this snapshot. */
    public long delta(CounterSnapshot earlier, Counter c) {
        return get(c) - earlier.get(c);
    }

    /** Growth of {@code c} per second between the two snapshots; 0 for an empty interval. */
    public double rate(CounterSnapshot earlier, Counter c) {
        return Rates.perSecond(delta(earlier, c), nanos - earlier.nanos);
    }
}
