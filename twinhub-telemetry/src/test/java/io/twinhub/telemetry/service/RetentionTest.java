package io.twinhub.telemetry.service;

import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.QueryPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.twinhub.telemetry.service.TelemetryNode.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {

    private static final long HOUR = 3_600_000;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void pointsOlderThanTheRetentionAreNotAnswered(boolean flushed) {
        TelemetrySettings settings = TelemetryNode.settings().withRetention(Duration.ofHours(1))
                .withFlushPoints(flushed ? 1 : 1_000_000);
        try (TelemetryNode node = new TelemetryNode(settings)) {
            node.send("dev-1", "[{\"ts\":" + (T0 - 2 * HOUR) + ",\"values\":{\"old\":1,\"v\":1}},{\"ts\":" + (T0 - HOUR / 2)
                    + ",\"values\":{\"v\":2}},{\"ts\":" + T0 + ",\"values\":{\"v\":3}}]");

            assertThat(node.raw("dev-1", "v", 0, Long.MAX_VALUE, 10)).extracting(QueryPoint::ts)
                    .containsExactly(T0, T0 - HOUR / 2);
            assertThat(node.aggregated("dev-1", "v", 0, Long.MAX_VALUE, 10, Aggregation.COUNT, 24 * HOUR))
                    .extracting(p -> p.value().toString()).containsExactly("NumberValue[value=2.0, integral=true]");
            assertThat(node.latest("dev-1").keySet()).containsExactly("v");

            node.clock.addAndGet(HOUR / 2 + 1);
            assertThat(node.raw("dev-1", "v", 0, Long.MAX_VALUE, 10)).extracting(QueryPoint::ts).containsExactly(T0);
        }
    }
}
