package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code telemetry:} section. */
class TelemetryConfigTest {

    private static NodeConfig.Telemetry merged(String yaml) {
        return ConfigLoader.merge(NodeConfig.defaults(), ConfigLoader.parse(yaml, "x.yaml")).telemetry();
    }

    @Test
    void theDefaultsKeepPointsForEverInHourBuckets() {
        NodeConfig.Telemetry t = ConfigLoader.load(null, NodeSettings.NONE).telemetry();

        assertThat(t.shards()).isZero();
        assertThat(t.bucket()).isEqualTo(Duration.ofHours(1));
        assertThat(t.retention()).isZero();
        assertThat(t.maxQueuedBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(t.deviceRateLimit()).isZero();
        assertThat(t.maxPointsPerPayload()).isEqualTo(1000);
    }

    @Test
    void theFileSetsEachKeyAndKeepsTheOthers() {
        NodeConfig.Telemetry t = merged("telemetry:\n  shards: 4\n  bucket: 15m\n  flushInterval: 500ms\n"
                + "  retention: 30d\n  deviceRateLimit: 10\n  maxQueryLimit: 500\n  flushPoints: 2000\n"
                + "  maxQueuedBytes: 2097152\n  maxPointsPerPayload: 50\n");

        assertThat(t).isEqualTo(new NodeConfig.Telemetry(4, Duration.ofMinutes(15), 2000, Duration.ofMillis(500),
                2_097_152, 10, 50, Duration.ofDays(30), 500));
        assertThat(merged("telemetry:\n  retention: 0\n").retention()).isZero();
        assertThat(merged("telemetry:\n  retention: 12h\n").bucket()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("telemetry:\n  buckets: 1h\n", "x.yaml"))
                .hasMessageContaining("unknown key 'telemetry.buckets'");
        assertThatThrownBy(() -> merged("telemetry:\n  bucket: 1 hour\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("telemetry.bucket must be a duration: a whole number and a unit (ms, s, m, h or d)")
                .hasMessageContaining("got '1 hour'");
        assertThatThrownBy(() -> merged("telemetry:\n  bucket: 30s\n"))
                .hasMessageContaining("telemetry.bucket must be between 1m and 7d, got 30s");
        assertThatThrownBy(() -> merged("telemetry:\n  retention: 30m\n"))
                .hasMessageContaining("telemetry.retention (0 = for ever) must be between 1h and 36500d, got 30m");
        assertThatThrownBy(() -> merged("telemetry:\n  shards: 300\n"))
                .hasMessageContaining("telemetry.shards must be between 0 and 256, got 300");
        assertThatThrownBy(() -> merged("telemetry:\n  maxQueryLimit: 0\n"))
                .hasMessageContaining("telemetry.maxQueryLimit must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> merged("telemetry:\n  deviceRateLimit: -1\n"))
                .hasMessageContaining("telemetry.deviceRateLimit must be between 0 and 1000000, got -1");
    }
}
