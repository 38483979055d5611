package io.twinhub.bench.scenario;

import io.twinhub.bench.stats.Latency;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplitConnectTest {

    @Test
    void sharesCoverEveryDeviceOnce() {
        int next = 0;
        int total = 0;
        for (int i = 0; i < 3; i++) {
            int[] s = SplitConnect.share(40_001, 3, i);
            assertThat(s[1]).isEqualTo(next);
            next += s[0];
            total += s[0];
        }
        assertThat(total).isEqualTo(40_001);
    }

    @Test
    void mergedTotalsSpanAllProcesses() {
        Histogram a = Latency.newHistogram();
        a.recordValue(1_000_000);
        Histogram b = Latency.newHistogram();
        b.recordValue(3_000_000);
        b.recordValue(5_000_000);
        ConnectTotals t = ConnectTotals.merge(List.of(
                new ConnectTotals(10, 9, 1, 0, 100, 900, a, 50, 20, -1, Map.of("connection refused", 1L), 0),
                new ConnectTotals(10, 10, 0, 0, 50, 1000, b, 70, 30, -1, Map.of(), 2)), 400);
        assertThat(t.devices()).isEqualTo(20);
        assertThat(t.ready()).isEqualTo(19);
        assertThat(t.failed()).isEqualTo(1);
        assertThat(t.startNanos()).isEqualTo(50);
        assertThat(t.endNanos()).isEqualTo(1000);
        assertThat(t.latency().getTotalCount()).isEqualTo(3);
        assertThat(t.generatorCpuNanos()).isEqualTo(120);
        assertThat(t.generatorIoCpuNanos()).isEqualTo(50);
        assertThat(t.serverCpuNanos()).isEqualTo(400);
        assertThat(t.failures()).containsEntry("connection refused", 1L);
        assertThat(t.lostDuringHold()).isEqualTo(2);
    }

    @Test
    void histogramsSurviveTheTripThroughJson() {
        Histogram h = Latency.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L);
        }
        Histogram back = ConnectEngine.decode(ConnectEngine.encode(h));
        assertThat(back.getTotalCount()).isEqualTo(1000);
        assertThat(back.getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
    }
}
