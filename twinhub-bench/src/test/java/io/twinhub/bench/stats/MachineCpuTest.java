package io.twinhub.bench.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MachineCpuTest {

    @Test
    void busyCoresAndStealBetweenTwoReadings() {
        // 2 cores for 1 s = 200 ticks: 120 busy (user, system, softirq), 60 idle, 20 stolen.
        MachineCpu a = MachineCpu.parse("cpu  1000 0 500 9000 10 0 5 100 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n", 0);
        MachineCpu b = MachineCpu.parse("cpu  1090 0 525 9060 10 0 10 120 0 0\n", 1_000_000_000L);
        assertThat(b.busyCoresSince(a)).isCloseTo(1.2, within(1e-9));
        assertThat(b.stealPercentSince(a)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void thisMachineCanBeRead() {
        assertThat(MachineCpu.sample().known()).isTrue();
    }
}
