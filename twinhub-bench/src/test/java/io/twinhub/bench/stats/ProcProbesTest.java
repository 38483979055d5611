package io.twinhub.bench.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcProbesTest {

    @Test
    void statCpuSkipsACommandNameWithSpacesAndParentheses() {
        String stat = "1234 (java (main) x) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 30 0 1000 0 0";
        assertThat(CpuClock.parseStatCpuNanos(stat)).isEqualTo((250 + 50) * 10_000_000L);
    }

    @Test
    void readsThisProcess() {
        long pid = ProcessHandle.current().pid();
        assertThat(CpuClock.processNanos(pid)).isGreaterThan(0);
        assertThat(CpuClock.selfNanos()).isGreaterThan(0);
        assertThat(MemoryProbe.rssBytes(pid)).isGreaterThan(1024 * 1024);
        assertThat(MemoryProbe.isJava(pid)).isTrue();
        assertThat(MemoryProbe.rssBytes(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void statusLines() {
        assertThat(MemoryProbe.parseStatusKb("Name:\tjava\nVmRSS:\t  123456 kB\nThreads: 3\n", "VmRSS:")).isEqualTo(123456);
        assertThat(MemoryProbe.parseStatusKb("Name:\tjava\n", "VmRSS:")).isEqualTo(-1);
    }
}
