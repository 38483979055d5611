package io.twinhub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.http.testkit.MemoryDeviceRegistry;
import io.twinhub.http.testkit.TablePresence;
import io.twinhub.http.testkit.TokenTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole node serves HTTP next to MQTT, with the device services it is given. */
class NodeHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final RestCalls rest = new RestCalls();

    private HttpResponse<String> call(InetSocketAddress at, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return rest.call(at, method, path, token, body);
    }

    private static NodeConfig config(Path dir) {
        return NodeConfig.forTest(dir).withStorage(new NodeConfig.Storage("memory", "sync"));
    }

    @Test
    void nodeServesTheApiWithTheDeviceServicesItIsGiven() throws Exception {
        MemoryDeviceRegistry registry = new MemoryDeviceRegistry();
        TablePresence presence = new TablePresence();
        TokenTable tokens = new TokenTable(registry).admin("root", "ops");
        InetSocketAddress http;
        try (TwinhubNode node = new TwinhubNode(config(dir),
                (config, store) -> new DeviceServices(tokens, registry, presence, presence), null)) {
            node.start();
            http = node.httpAddress().orElseThrow();
            assertThat(http.getPort()).isNotEqualTo(node.mqttAddress().getPort()).isPositive();

            HttpResponse<String> created = call(http, "POST", "/api/v1/things", "root", "{\"id\":\"n-1\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            String token = JSON.readTree(created.body()).get("token").asText();
            assertThat(call(http, "POST", "/api/v1/things/n-1/heartbeat", token, null).statusCode()).isEqualTo(204);
            assertThat(presence.heartbeats()).containsExactly("n-1");

            HttpResponse<String> ready = call(http, "GET", "/health/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode checks = JSON.readTree(ready.body()).get("checks");
            assertThat(checks.get("mqtt").asText()).isEqualTo("ok");
            assertThat(checks.get("store").asText()).isEqualTo("ok");
            assertThat(checks.get("http").asText()).isEqualTo("ok");

            assertThat(call(http, "GET", "/metrics", null, null).body()).contains("twinhub_mqtt_open_connections 0.0");
        }
        assertThatThrownBy(() -> call(http, "GET", "/health/live", null, null)).isInstanceOf(ConnectException.class);
    }

    @Test
    void theNodesOwnRegistryAndAdminTokenServeTheApi() throws Exception {
        try (TwinhubNode node = new TwinhubNode(config(dir))) {
            node.start();
            InetSocketAddress http = node.httpAddress().orElseThrow();
            String admin = node.bootstrapAdminToken().orElseThrow();

            assertThat(call(http, "GET", "/api/v1/things", "thk_admin.wrong", null).statusCode()).isEqualTo(401);
            HttpResponse<String> created = call(http, "POST", "/api/v1/things", admin, "{\"id\":\"pump-1\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(node.devices().get("pump-1")).isPresent();
            assertThat(call(http, "GET", "/api/v1/things/pump-1", admin, null).body()).contains("\"id\":\"pump-1\"");
            assertThat(call(http, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
            assertThat(call(http, "GET", "/metrics", null, null).body())
                    .contains("twinhub_auth_attempts_total{result=\"failed\"} 1.0")
                    .contains("twinhub_tls_handshake_failures_total 0.0");
        }
    }

    @Test
    void theNodeServesShadowsOverRestAndCountsThemOnMetrics() throws Exception {
        // the embedded store (its group commit is on /metrics too), durability sync
        try (TwinhubNode node = new TwinhubNode(NodeConfig.forTest(dir))) {
            node.start();
            InetSocketAddress http = node.httpAddress().orElseThrow();
            String admin = node.bootstrapAdminToken().orElseThrow();
            assertThat(call(http, "POST", "/api/v1/things", admin, "{\"id\":\"pump-1\"}").statusCode()).isEqualTo(201);

            HttpResponse<String> updated = call(http, "POST", "/api/v1/things/pump-1/shadow", admin,
                    "{\"state\":{\"desired\":{\"speed\":3}}}");
            assertThat(updated.statusCode()).isEqualTo(200);
            assertThat(updated.headers().firstValue("etag")).contains("\"1\"");
            HttpResponse<String> read = call(http, "GET", "/api/v1/things/pump-1/shadow", admin, null);
            assertThat(JSON.readTree(read.body()).at("/state/delta/speed").asInt()).isEqualTo(3);
            String metrics = call(http, "GET", "/metrics", null, null).body();
            assertThat(metrics)
                    .contains("twinhub_shadow_answers_total{code=\"200\"} 2.0")
                    .contains("twinhub_shadow_updates_accepted_total 1.0")
                    .contains("twinhub_store_write_groups_total{result=\"rejected\"} 0.0");
            // the shadow update was written, durable (synced) before its answer
            assertThat(metricValue(metrics, "twinhub_store_write_groups_total{result=\"committed\"}")).isGreaterThanOrEqualTo(1);
            assertThat(metricValue(metrics, "twinhub_store_syncs_total")).isGreaterThanOrEqualTo(1);
            assertThat(metricValue(metrics, "twinhub_store_write_rounds_total"))
                    .isBetween(metricValue(metrics, "twinhub_store_syncs_total"),
                            metricValue(metrics, "twinhub_store_write_groups_total{result=\"committed\"}"));
        }
    }

    @Test
    void httpCanBeTurnedOff() throws Exception {
        NodeConfig off = config(dir).withHttp(new NodeConfig.Http(false, 0, 1024, 30, 120, 0, false));
        try (TwinhubNode node = new TwinhubNode(off)) {
            node.start();
            assertThat(node.httpAddress()).isEmpty();
            assertThat(node.mqttAddress().getPort()).isPositive();
        }
    }

    private static double metricValue(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " missing from /metrics"));
    }
}
