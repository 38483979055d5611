package io.twinhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static io.twinhub.http.testkit.TestHub.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health/*} and {@code /metrics}. */
class HealthAndMetricsTest {

    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*,?})?"
                    + " (-?[0-9.]+([eE][-+]?[0-9]+)?|[-+]?Inf|NaN)( -?[0-9]+)?$");

    @Test
    void liveAndReadyNeedNoToken() {
        try (TestHub hub = TestHub.start()) {
            HttpResponse<String> live = hub.get("/health/live", null);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live).get("status").asText()).isEqualTo("live");

            HttpResponse<String> ready = hub.get("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = json(ready);
            assertThat(body.get("status").asText()).isEqualTo("ready");
            assertThat(body.get("checks").get("http").asText()).isEqualTo("ok");
            assertThat(body.get("checks").get("store").asText()).isEqualTo("ok");
        }
    }

    @Test
    void notReadyNamesTheFailingCheck() {
        try (TestHub hub = TestHub.start()) {
            hub.storeProblem.set("refusing writes");

            HttpResponse<String> ready = hub.get("/health/ready", null);

            assertError(ready, 503, "not ready: store");
            assertThat(json(ready).get("checks").get("store").asText()).isEqualTo("refusing writes");
            assertThat(json(ready).get("checks").get("http").asText()).isEqualTo("ok");
            assertThat(hub.get("/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsAreValidPrometheusTextWithBrokerCounters() {
        try (TestHub hub = TestHub.start()) {
            hub.metrics.connectsAccepted.add(3);
            hub.metrics.connectsRejected.increment();
            hub.metrics.connectionsOpen.set(2);
            hub.metrics.publishesReceived.add(10);
            hub.metrics.bytesReceived.add(1234);
            hub.metrics.dropped(DropReason.QUEUE_FULL);
            hub.metrics.dropped(DropReason.QUEUE_FULL);
            hub.get("/api/v1/things/none", ADMIN);

            HttpResponse<String> r = hub.get("/metrics", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            String text = r.body();
            assertThat(text)
                    .contains("# TYPE twinhub_mqtt_connects_total counter")
                    .contains("twinhub_mqtt_connects_total{result=\"accepted\"} 3.0")
                    .contains("twinhub_mqtt_connects_total{result=\"rejected\"} 1.0")
                    .contains("twinhub_mqtt_open_connections 2.0")
                    .contains("twinhub_mqtt_publishes_received_total 10.0")
                    .contains("twinhub_mqtt_received_payload_bytes_total 1234.0")
                    .contains("twinhub_mqtt_messages_dropped_total{reason=\"queue_full\"} 2.0")
                    .contains("twinhub_mqtt_messages_dropped_total{reason=\"expired\"} 0.0")
                    .contains("twinhub_http_responses_total{code=\"404\"} 1.0")
                    .contains("jvm_memory_used_bytes");
            for (String line : text.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    assertThat(line).matches(SAMPLE);
                }
            }
        }
    }

    @Test
    void metricsCanRequireAnAdminOrApplicationToken() {
        try (TestHub hub = TestHub.start(s -> s.withMetricsNeedToken(true))) {
            String deviceToken = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"d\"}")).get("token").asText();

            assertError(hub.get("/metrics", null), 401, "missing bearer token");
            assertError(hub.get("/metrics", deviceToken), 403, "admin or application token");
            assertThat(hub.get("/metrics", ADMIN).statusCode()).isEqualTo(200);
            assertThat(hub.get("/metrics", APP).statusCode()).isEqualTo(200);
            assertThat(hub.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
    }
}
