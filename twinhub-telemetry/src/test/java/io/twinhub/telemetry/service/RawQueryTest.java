package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawQueryTest {

    private static QueryPoint point(long ts, long value) {
        return new QueryPoint(ts, TelemetryValue.of(value, true));
    }

    @Test
    void fromIsIncludedToIsExcludedNewestFirst() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            for (int i = 0; i < 5; i++) {
                node.send("dev-1", "{\"ts\":" + (T0 + i * 1000) + ",\"values\":{\"t\":" + i + "}}");
            }

            assertThat(node.raw("dev-1", "t", T0 + 1000, T0 + 4000, 100))
                    .containsExactly(point(T0 + 3000, 3), point(T0 + 2000, 2), point(T0 + 1000, 1));
            assertThat(node.raw("dev-1", "t", T0, T0 + 10_000, 2))
                    .containsExactly(point(T0 + 4000, 4), point(T0 + 3000, 3));
            assertThat(node.raw("dev-1", "t", T0 + 1000, T0 + 1000, 100)).isEmpty();
            assertThat(node.raw("dev-1", "other", T0, T0 + 10_000, 100)).isEmpty();
        }
    }

    @Test
    void valuesComeBackAsTheyWereSent() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withFlushPoints(4))) {
            node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"i\":21,\"d\":21.0,\"s\":\"open\",\"b\":true}}");
            node.send("dev-1", "{\"ts\":" + (T0 + 1) + ",\"values\":{\"i\":-3,\"d\":0.5,\"s\":\"\",\"b\":false}}");

            Map<String, List<QueryPoint>> all = node.service.query(
                    TelemetryQuery.raw("dev-1", List.of(), T0, T0 + 2, 10));

            assertThat(all.keySet()).containsExactly("b", "d", "i", "s");
            assertThat(all.get("i")).containsExactly(point(T0 + 1, -3), point(T0, 21));
            assertThat(all.get("d")).containsExactly(new QueryPoint(T0 + 1, TelemetryValue.of(0.5, false)),
                    new QueryPoint(T0, TelemetryValue.of(21.0, false)));
            assertThat(all.get("s")).containsExactly(new QueryPoint(T0 + 1, TelemetryValue.of("")),
                    new QueryPoint(T0, TelemetryValue.of("open")));
            assertThat(all.get("b")).containsExactly(new QueryPoint(T0 + 1, TelemetryValue.of(false)),
                    new QueryPoint(T0, TelemetryValue.of(true)));
            assertThat(node.service.metrics().flushes()).isPositive();
        }
    }

    @Test
    void serverTimeStampsPointsWithoutTs() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            node.clock.set(T0 + 777);
            node.send("dev-1", "{\"temp\":21.5}");

            assertThat(node.raw("dev-1", "temp", 0, Long.MAX_VALUE, 10))
                    .containsExactly(new QueryPoint(T0 + 777, TelemetryValue.of(21.5, false)));
        }
    }

    /**
     * Points sent out of time order in many payloads, with flushes in between (10 s buckets, a
     * flush every 50 points), answer every range and limit like a plain sorted list would.
     */
    @Test
    void queriesOverFlushedAndBufferedPointsMatchASortedList() {
        Random random = new Random(7);
        int n = 1_000;
        long[] ts = new long[n];
        double[] values = new double[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * 97L; // distinct times across about 10 buckets
            values[i] = random.nextInt(1_000_000) - 500_000;
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        long[] sentTs = new long[n];
        double[] sentValues = new double[n];
        for (int i = 0; i < n; i++) {
            sentTs[i] = ts[order.get(i)];
            sentValues[i] = values[order.get(i)];
        }
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withFlushPoints(50))) {
            for (int i = 0; i < n; i += 7) {
                node.sendPoints("dev-1", "t", sentTs, sentValues, true, i, Math.min(n, i + 7));
            }
            TelemetryMetrics m = node.service.metrics();
            assertThat(m.flushes()).isGreaterThan(5);
            assertThat(m.flushedPoints()).isLessThan(n); // some are still only in the buffer
            assertThat(m.pointsStored()).isEqualTo(n);

            for (int q = 0; q < 300; q++) {
                long from = T0 - 500 + random.nextInt(n * 97 + 1_000);
                long to = from + random.nextInt(n * 97 + 1_000 - (int) (from - T0 + 500) + 1);
                int limit = 1 + random.nextInt(q % 3 == 0 ? 2_000 : 40);
                List<QueryPoint> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (ts[i] >= from && ts[i] < to) {
                        expected.add(point(ts[i], (long) values[i]));
                    }
                }
                expected.sort(Comparator.comparingLong(QueryPoint::ts).reversed());
                List<QueryPoint> want = expected.subList(0, Math.min(limit, expected.size()));

                assertThat(node.raw("dev-1", "t", from, to, limit)).as("[%d, %d) limit %d", from, to, limit)
                        .isEqualTo(want);
            }
        }
    }

    @Test
    void pointsOnBothSidesOfABucketEdge() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withFlushPoints(1))) {
            long edge = T0 + 10_000; // T0 is a multiple of 10 s
            node.send("dev-1", "{\"ts\":" + (edge - 1) + ",\"values\":{\"t\":1}}");
            node.send("dev-1", "{\"ts\":" + edge + ",\"values\":{\"t\":2}}");
            node.send("dev-1", "{\"ts\":" + (edge + 1) + ",\"values\":{\"t\":3}}");

            assertThat(node.raw("dev-1", "t", edge, edge + 1, 10)).containsExactly(point(edge, 2));
            assertThat(node.raw("dev-1", "t", edge - 1, edge, 10)).containsExactly(point(edge - 1, 1));
            assertThat(node.raw("dev-1", "t", 0, Long.MAX_VALUE, 2)).containsExactly(point(edge + 1, 3), point(edge, 2));
        }
    }

    @Test
    void aLimitAboveTheConfiguredMaximumIsRefused() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withMaxQueryLimit(10))) {
            assertThatThrownBy(() -> node.raw("dev-1", "t", 0, 1, 11))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10");
            assertThat(node.raw("dev-1", "t", 0, 1, 10)).isEmpty();
        }
    }
}
