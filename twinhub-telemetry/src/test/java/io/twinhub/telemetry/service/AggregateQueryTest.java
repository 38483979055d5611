package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.QueryPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AggregateQueryTest {

    private static final long MINUTE = 60_000;
    /** A whole minute, near {@code T0}. */
    private static final long M0 = T0 - Math.floorMod(T0, MINUTE);

    /** Random integers and fractions at random times over 3 hours, with flushes between payloads. */
    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void eachAggregateMatchesOneComputedFromThePoints(Aggregation aggregation) {
        Random random = new Random(11);
        int n = 3_000;
        long[] ts = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + random.nextInt(3 * 3_600_000);
            values[i] = random.nextBoolean() ? random.nextInt(200) - 100 : Math.round(random.nextGaussian() * 1e6) / 1e3;
        }
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withFlushPoints(400))) {
            for (int i = 0; i < n; i += 50) {
                node.sendPoints("dev-1", "v", ts, values, false, i, i + 50);
            }
            long interval = 7 * MINUTE;
            long from = T0 + 20 * MINUTE + 1;
            long to = T0 + 150 * MINUTE;

            TreeMap<Long, List<Double>> buckets = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                if (ts[i] >= from && ts[i] < to) {
                    buckets.computeIfAbsent(ts[i] / interval * interval, b -> new ArrayList<>()).add(values[i]);
                }
            }
            List<QueryPoint> answer = node.aggregated("dev-1", "v", from, to, 1_000, aggregation, interval);

            assertThat(answer).hasSize(buckets.size());
            int k = 0;
            for (Map.Entry<Long, List<Double>> b : buckets.descendingMap().entrySet()) {
                QueryPoint p = answer.get(k++);
                assertThat(p.ts()).isEqualTo(b.getKey());
                double got = ((TelemetryValue.NumberValue) p.value()).value();
                assertThat(got).as("bucket %d", b.getKey()).isCloseTo(expected(aggregation, b.getValue()), within(1e-6));
            }
        }
    }

    private static double expected(Aggregation aggregation, List<Double> values) {
        return switch (aggregation) {
            case COUNT -> values.size();
            case SUM -> values.stream().mapToDouble(Double::doubleValue).sum();
            case AVG -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case MIN -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAX -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        };
    }

    @Test
    void aDayAtOneHertzInMinuteBuckets() {
        int n = 86_400;
        long day = T0 - Math.floorMod(T0, 86_400_000L);
        long[] ts = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = day + i * 1_000L;
            values[i] = i % 60; // each minute: 0..59, average 29.5
        }
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withFlushPoints(20_000)
                .withBucket(java.time.Duration.ofHours(1)))) {
            for (int i = 0; i < n; i += 1_000) {
                node.sendPoints("dev-1", "v", ts, values, true, i, Math.min(n, i + 1_000));
            }
            List<QueryPoint> avg = node.aggregated("dev-1", "v", day, day + 86_400_000L, 100_000, Aggregation.AVG, MINUTE);
            List<QueryPoint> count = node.aggregated("dev-1", "v", day, day + 86_400_000L, 100_000, Aggregation.COUNT, MINUTE);
            List<QueryPoint> max = node.aggregated("dev-1", "v", day, day + 86_400_000L, 5, Aggregation.MAX, MINUTE);

            assertThat(avg).hasSize(1_440).allSatisfy(p -> assertThat(p.value()).isEqualTo(TelemetryValue.of(29.5, false)));
            assertThat(avg.getFirst().ts()).isEqualTo(day + 86_400_000L - MINUTE);
            assertThat(avg.getLast().ts()).isEqualTo(day);
            assertThat(count).allSatisfy(p -> assertThat(p.value()).isEqualTo(TelemetryValue.of(60, true)));
            assertThat(max).hasSize(5).allSatisfy(p -> assertThat(p.value()).isEqualTo(TelemetryValue.of(59, true)));
            assertThat(node.raw("dev-1", "v", day, day + 86_400_000L, 100_000)).hasSize(n);
        }
    }

    @Test
    void bucketsStartAtMultiplesOfTheIntervalAndEmptyOnesAreLeftOut() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            long edge = M0 + 10 * MINUTE;
            node.send("dev-1", "[{\"ts\":" + (edge - 1) + ",\"values\":{\"v\":1}},{\"ts\":" + edge
                    + ",\"values\":{\"v\":2}},{\"ts\":" + (edge + 3 * MINUTE) + ",\"values\":{\"v\":4}}]");

            assertThat(node.aggregated("dev-1", "v", 0, Long.MAX_VALUE, 10, Aggregation.SUM, MINUTE)).containsExactly(
                    new QueryPoint(edge + 3 * MINUTE, TelemetryValue.of(4, true)),
                    new QueryPoint(edge, TelemetryValue.of(2, true)),
                    new QueryPoint(edge - MINUTE, TelemetryValue.of(1, true)));
            assertThat(node.aggregated("dev-1", "v", 0, Long.MAX_VALUE, 2, Aggregation.SUM, MINUTE))
                    .extracting(QueryPoint::ts).containsExactly(edge + 3 * MINUTE, edge);
        }
    }

    @Test
    void countCountsEveryPointTheOthersOnlyNumbers() {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings())) {
            node.send("dev-1", "[{\"ts\":" + M0 + ",\"values\":{\"v\":\"on\"}},{\"ts\":" + (M0 + 1)
                    + ",\"values\":{\"v\":true}},{\"ts\":" + (M0 + 2) + ",\"values\":{\"v\":2.5}},{\"ts\":" + (M0 + MINUTE)
                    + ",\"values\":{\"v\":\"off\"}}]");

            assertThat(node.aggregated("dev-1", "v", M0, M0 + 2 * MINUTE, 10, Aggregation.COUNT, MINUTE)).containsExactly(
                    new QueryPoint(M0 + MINUTE, TelemetryValue.of(1, true)),
                    new QueryPoint(M0, TelemetryValue.of(3, true)));
            assertThat(node.aggregated("dev-1", "v", M0, M0 + 2 * MINUTE, 10, Aggregation.AVG, MINUTE))
                    .containsExactly(new QueryPoint(M0, TelemetryValue.of(2.5, false)));
            assertThat(node.aggregated("dev-1", "v", M0, M0 + 2 * MINUTE, 10, Aggregation.MIN, MINUTE))
                    .containsExactly(new QueryPoint(M0, TelemetryValue.of(2.5, false)));
        }
    }
}
