package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Each test runs with the buffer flushed after every payload (latest from the store) and never (from memory). */
class LatestTest {

    private static TelemetryNode node(boolean flushEveryPayload) {
        return new TelemetryNode(TelemetryNode.settings().withShards(1).withFlushPoints(flushEveryPayload ? 1 : 1_000_000));
    }

    private static QueryPoint point(long ts, long value) {
        return new QueryPoint(ts, TelemetryValue.of(value, true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void greatestTimestampWinsAndOfEqualOnesTheLaterStored(boolean flushEveryPayload) {
        try (TelemetryNode node = node(flushEveryPayload)) {
            node.send("dev-1", "{\"ts\":" + (T0 + 5) + ",\"values\":{\"a\":1,\"b\":1}}");
            node.send("dev-1", "{\"ts\":" + (T0 + 5) + ",\"values\":{\"a\":2}}");
            node.send("dev-1", "{\"ts\":" + (T0 + 1) + ",\"values\":{\"a\":3,\"b\":3}}"); // backfill

            assertThat(node.latest("dev-1", "a")).containsExactly(java.util.Map.entry("a", point(T0 + 5, 2)));
            assertThat(node.latest("dev-1", "b", "a")).containsExactly(
                    java.util.Map.entry("b", point(T0 + 5, 1)), java.util.Map.entry("a", point(T0 + 5, 2)));
            // A shard flushes right after answering; a range query passes through the shard's
            // queue (latest values do not), so once it is answered the last flush is done.
            node.service.query(TelemetryQuery.raw("dev-1", List.of("a"), T0, T0 + 10, 1));
            assertThat(node.service.metrics().flushes()).isEqualTo(flushEveryPayload ? 3 : 0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBackfillInALaterFlushDoesNotReplaceANewerStoredValue(boolean flushEveryPayload) {
        try (TelemetryNode node = node(flushEveryPayload)) {
            node.send("dev-1", "{\"ts\":" + (T0 + 100) + ",\"values\":{\"s\":\"new\"}}");
            node.send("dev-1", "[{\"ts\":" + T0 + ",\"values\":{\"s\":\"old\"}},{\"ts\":" + (T0 + 99)
                    + ",\"values\":{\"s\":\"older\"}}]");

            assertThat(node.latest("dev-1").get("s")).isEqualTo(new QueryPoint(T0 + 100, TelemetryValue.of("new")));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void allKeysOfTheDeviceByName(boolean flushEveryPayload) {
        try (TelemetryNode node = node(flushEveryPayload)) {
            node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"z\":true,\"m\":1.5}}");
            node.send("dev-1", "{\"ts\":" + (T0 + 1) + ",\"values\":{\"a\":\"x\"}}");
            node.send("dev-2", "{\"ts\":" + T0 + ",\"values\":{\"other\":1}}");

            assertThat(node.latest("dev-1").keySet()).containsExactly("a", "m", "z");
            assertThat(node.latest("dev-1").get("z")).isEqualTo(new QueryPoint(T0, TelemetryValue.of(true)));
            assertThat(node.latest("dev-1", "nope", "m").keySet()).containsExactly("m");
            assertThat(node.latest("dev-3")).isEmpty();
            assertThat(node.service.query(TelemetryQuery.raw("dev-1", List.of(), 0, Long.MAX_VALUE, 10)).keySet())
                    .containsExactly("a", "m", "z");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aKeyFlushedEarlierAndBufferedNowIsListedOnce(boolean flushFirst) {
        try (TelemetryNode node = new TelemetryNode(TelemetryNode.settings().withShards(1).withFlushPoints(2))) {
            node.send("dev-1", "{\"ts\":" + T0 + ",\"values\":{\"k\":1,\"j\":1}}"); // flushed (2 points)
            node.send("dev-1", "{\"ts\":" + (T0 + 1) + ",\"values\":{\"k\":2}}"); // buffered
            if (flushFirst) {
                node.send("dev-1", "{\"ts\":" + (T0 - 1) + ",\"values\":{\"k\":0}}"); // flushes both, older
            }

            assertThat(node.latest("dev-1")).containsExactly(java.util.Map.entry("j", point(T0, 1)),
                    java.util.Map.entry("k", point(T0 + 1, 2)));
        }
    }
}
