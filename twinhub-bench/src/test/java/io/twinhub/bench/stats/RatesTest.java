package io.twinhub.bench.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RatesTest {

    @Test
    void perSecond() {
        assertThat(Rates.perSecond(500, 250_000_000L)).isEqualTo(2000.0);
        assertThat(Rates.perSecond(500, 0)).isZero();
    }

    @Test
    void cpuPerEventAndCores() {
        assertThat(Rates.microsPerEvent(2_000_000, 1000)).isEqualTo(2.0);
        assertThat(Rates.microsPerEvent(2_000_000, 0)).isNaN();
        assertThat(Rates.microsPerEvent(-1, 10)).isNaN();
        assertThat(Rates.cores(1_500_000_000L, 1_000_000_000L)).isEqualTo(1.5);
    }

    @Test
    void ratioNeedsTwoPositiveNumbers() {
        assertThat(Rates.ratio(3, 1.5)).isEqualTo(2.0);
        assertThat(Rates.ratio(3, 0)).isNaN();
        assertThat(Rates.ratio(Double.NaN, 1)).isNaN();
    }

    @Test
    void snapshotsGiveDeltasAndRates() {
        Stats stats = new Stats(List.of());
        CounterSnapshot a = new CounterSnapshot(1_000_000_000L, values(Counter.SENT, 100));
        CounterSnapshot b = new CounterSnapshot(1_500_000_000L, values(Counter.SENT, 600));
        assertThat(b.delta(a, Counter.SENT)).isEqualTo(500);
        assertThat(b.rate(a, Counter.SENT)).isEqualTo(1000.0);
        stats.add(Counter.CONFIRMED, 7);
        stats.increment(Counter.CONFIRMED);
        assertThat(stats.snapshot().get(Counter.CONFIRMED)).isEqualTo(8);
    }

    @Test
    void failuresAreCountedByReason() {
        Stats stats = new Stats(List.of());
        stats.failure("connection refused");
        stats.failure("connection refused");
        stats.failure("CONNACK 0x87");
        assertThat(stats.failures()).containsEntry("connection refused", 2L).containsEntry("CONNACK 0x87", 1L);
    }

    private static long[] values(Counter c, long v) {
        long[] a = new long[Counter.values().length];
        a[c.ordinal()] = v;
        return a;
    }
}
