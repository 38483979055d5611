package io.twinhub.bench.stats;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorTest {

    private MultiThreadIoEventLoopGroup group;
    private Stats stats;
    private Collector collector;
    private final List<EventLoop> loops = new ArrayList<>();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        group.forEach(e -> loops.add((EventLoop) e));
        stats = new Stats(loops);
        collector = new Collector(stats);
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void recordOn(EventLoop loop, Latency.Kind kind, long... nanos) throws Exception {
        loop.submit(() -> {
            for (long n : nanos) {
                stats.recorders(loop).record(kind, n);
            }
        }).get();
    }

    @Test
    void intervalsHoldWhatWasRecordedSinceTheLastTickOnEveryLoop() throws Exception {
        recordOn(loops.get(0), Latency.Kind.ACK, 1_000_000, 2_000_000);
        recordOn(loops.get(1), Latency.Kind.ACK, 3_000_000);
        Map<Latency.Kind, Histogram> first = collector.tick();
        assertThat(first.get(Latency.Kind.ACK).getTotalCount()).isEqualTo(3);
        assertThat(first.get(Latency.Kind.ACK).getMaxValue()).isBetween(2_990_000L, 3_010_000L);

        recordOn(loops.get(1), Latency.Kind.ACK, 5_000_000);
        Map<Latency.Kind, Histogram> second = collector.tick();
        assertThat(second.get(Latency.Kind.ACK).getTotalCount()).isEqualTo(1);
        assertThat(collector.total(Latency.Kind.ACK).getTotalCount()).isEqualTo(4);
    }

    @Test
    void aNewPhaseStartsFromEmptyTotals() throws Exception {
        recordOn(loops.get(0), Latency.Kind.END_TO_END, 7_000_000);
        collector.resetTotals();
        recordOn(loops.get(0), Latency.Kind.END_TO_END, 1_000_000);
        Histogram total = collector.total(Latency.Kind.END_TO_END);
        assertThat(total.getTotalCount()).isEqualTo(1);
        assertThat(Latency.percentileMillis(total, 50)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() throws Exception {
        recordOn(loops.get(0), Latency.Kind.CONNECT, -5, Long.MAX_VALUE);
        Histogram total = collector.total(Latency.Kind.CONNECT);
        assertThat(total.getTotalCount()).isEqualTo(2);
        assertThat(total.getMaxValue()).isGreaterThanOrEqualTo(Latency.HIGHEST_NANOS);
    }

    @Test
    void emptyHistogramsHaveNoPercentiles() {
        assertThat(Latency.percentileMillis(Latency.newHistogram(), 99)).isNaN();
        assertThat(Latency.maxMillis(null)).isNaN();
    }
}
