package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.Test;

import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The telemetry service's counters on {@code /metrics}. */
class TelemetryApiMetricsTest {

    @Test
    void storedAndRejectedTelemetryIsCounted() {
        try (TestHub hub = TestHub.startWithTelemetry(s -> s)) {
            hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}");
            assertThat(hub.post("/api/v1/things/dev-a/telemetry", ADMIN, "{\"a\":1,\"b\":2}").statusCode()).isEqualTo(204);
            assertThat(hub.post("/api/v1/things/dev-a/telemetry", ADMIN, "{\"a\":null,\"b\":2}").statusCode()).isEqualTo(400);

            assertThat(hub.get("/metrics", null).body())
                    .contains("twinhub_telemetry_payloads_stored_total 1.0")
                    .contains("twinhub_telemetry_points_stored_total 2.0")
                    .contains("twinhub_telemetry_payloads_dropped_total{reason=\"invalid\"} 1.0")
                    .contains("twinhub_telemetry_payloads_dropped_total{reason=\"rate_limited\"} 0.0")
                    .contains("twinhub_telemetry_payloads_rejected_total 1.0")
                    .contains("twinhub_telemetry_queued_bytes 0.0")
                    .contains("twinhub_telemetry_queued_payloads 0.0")
                    .contains("twinhub_telemetry_store_writes_within_total{le=\"+Inf\"}")
                    .contains("twinhub_telemetry_flushes_total");
        }
    }

    @Test
    void aNodeWithoutTelemetryExportsNone() {
        try (TestHub hub = TestHub.start()) {
            assertThat(hub.get("/metrics", null).body()).doesNotContain("twinhub_telemetry_");
        }
    }
}
