package io.twinhub.telemetry.service;

import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that stops without writing its buffers (the store refuses the final flush, as after a
 * crash) answers the same after a restart on the same store: the ingest log is replayed.
 */
class RecoveryTest {

    @ParameterizedTest(name = "restart with {0} shards")
    @ValueSource(ints = {2, 1, 3})
    void aRestartReplaysTheLogAndAnswersTheSame(int shardsAfter) {
        TelemetrySettings before = TelemetryNode.settings().withShards(2).withFlushPoints(300);
        try (TelemetryNode node = new TelemetryNode(before)) {
            Random random = new Random(3);
            for (int p = 0; p < 100; p++) {
                String device = "dev-" + random.nextInt(5);
                StringBuilder json = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    json.append(i == 0 ? "" : ",").append("{\"ts\":").append(T0 + random.nextInt(60_000))
                            .append(",\"values\":{\"a\":").append(random.nextInt(100)).append(",\"b\":\"s")
                            .append(random.nextInt(10)).append("\"}}");
                }
                assertThat(node.send(device, json.append(']').toString()).isStored()).isTrue();
            }
            assertThat(node.service.metrics().flushes()).as("some points are in chunks").isPositive();
            Map<String, Object> answers = answers(node);

            node.store.failWrites(true);
            node.service.close();
            node.store.failWrites(false);
            assertThat(node.store.logEntries()).as("the log holds what was not flushed").isPositive();

            node.clock.addAndGet(1_000);
            node.start(before.withShards(shardsAfter));

            assertThat(node.store.logEntries()).as("start-up moved the log to chunks").isZero();
            assertThat(answers(node)).isEqualTo(answers);
        }
    }

    @org.junit.jupiter.api.Test
    void aClockThatWentBackAcrossARestartHidesAndReplacesNoChunk() {
        TelemetrySettings settings = TelemetryNode.settings().withShards(1).withFlushPoints(1);
        try (TelemetryNode node = new TelemetryNode(settings)) {
            for (int i = 0; i < 20; i++) {
                assertThat(node.send("dev-0", "{\"ts\":" + (T0 + i) + ",\"values\":{\"a\":" + i + "}}").isStored()).isTrue();
            }
            Map<String, Object> before = answers(node);
            node.service.close();

            node.clock.addAndGet(-86_400_000L);  // a day back: chunk numbers from the clock would be lower
            node.start(settings);
            assertThat(answers(node)).as("chunks of the earlier run still seen").isEqualTo(before);
            for (int i = 20; i < 40; i++) {
                assertThat(node.send("dev-0", "{\"ts\":" + (T0 + i) + ",\"values\":{\"a\":" + i + "}}").isStored()).isTrue();
            }
            List<QueryPoint> all = node.service.query(TelemetryQuery.raw("dev-0", List.of("a"), T0, T0 + 60_000, 1_000)).get("a");
            assertThat(all).as("none replaced").hasSize(40);
        }
    }

    private static Map<String, Object> answers(TelemetryNode node) {
        Map<String, Object> answers = new java.util.TreeMap<>();
        for (int d = 0; d < 5; d++) {
            String device = "dev-" + d;
            answers.put(device + " raw", node.service.query(TelemetryQuery.raw(device, List.of(), T0, T0 + 60_000, 100_000)));
            answers.put(device + " limit", node.service.query(TelemetryQuery.raw(device, List.of("a"), T0 + 7_000, T0 + 50_000, 17)));
            answers.put(device + " avg", node.service.query(TelemetryQuery.aggregated(device, List.of("a"), T0, T0 + 60_000,
                    100, Aggregation.AVG, 5_000)));
            answers.put(device + " count", node.service.query(TelemetryQuery.aggregated(device, List.of(), T0, T0 + 60_000,
                    100, Aggregation.COUNT, 5_000)));
            Map<String, QueryPoint> latest = node.latest(device);
            answers.put(device + " latest", latest);
        }
        return answers;
    }
}
