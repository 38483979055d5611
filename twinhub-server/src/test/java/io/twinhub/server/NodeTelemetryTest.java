package io.twinhub.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole node on RocksDB keeps telemetry posted over REST across a restart, routes it to MQTT and counts it. */
class NodeTelemetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final RestCalls rest = new RestCalls();

    private HttpResponse<String> call(InetSocketAddress at, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return rest.call(at, method, path, token, body);
    }

    @Test
    void telemetryPostedOverRestSurvivesARestart() throws Exception {
        String admin;
        try (TwinhubNode node = new TwinhubNode(NodeConfig.forTest(dir))) {
            node.start();
            InetSocketAddress http = node.httpAddress().orElseThrow();
            admin = node.bootstrapAdminToken().orElseThrow();
            HttpResponse<String> created = call(http, "POST", "/api/v1/things", admin, "{\"id\":\"pump-1\"}");
            String device = JSON.readTree(created.body()).get("token").asText();

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> posted = call(http, "POST", "/api/v1/things/pump-1/telemetry", device,
                        "{\"ts\":" + (T0 + i * 1000) + ",\"values\":{\"speed\":" + (10 + i) + ",\"mode\":\"auto\"}}");
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
            }
        }

        try (TwinhubNode node = new TwinhubNode(NodeConfig.forTest(dir))) {
            node.start();
            InetSocketAddress http = node.httpAddress().orElseThrow();

            HttpResponse<String> read = call(http, "GET", "/api/v1/things/pump-1/telemetry?keys=speed,mode", admin, null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree("{\"speed\":["
                    + "{\"ts\":" + (T0 + 2000) + ",\"value\":12},"
                    + "{\"ts\":" + (T0 + 1000) + ",\"value\":11},"
                    + "{\"ts\":" + T0 + ",\"value\":10}],"
                    + "\"mode\":[{\"ts\":" + (T0 + 2000) + ",\"value\":\"auto\"},"
                    + "{\"ts\":" + (T0 + 1000) + ",\"value\":\"auto\"},"
                    + "{\"ts\":" + T0 + ",\"value\":\"auto\"}]}"));
            JsonNode latest = JSON.readTree(call(http, "GET", "/api/v1/things/pump-1/telemetry/latest?keys=speed",
                    admin, null).body());
            assertThat(latest.at("/speed/value").asInt()).isEqualTo(12);
        }
    }

    @Test
    void storedTelemetryGoesToMqttSubscribersAndShowsOnMetrics() throws Exception {
        try (TwinhubNode node = new TwinhubNode(NodeConfig.forTest(dir))) {
            node.start();
            InetSocketAddress http = node.httpAddress().orElseThrow();
            String admin = node.bootstrapAdminToken().orElseThrow();
            call(http, "POST", "/api/v1/things", admin, "{\"id\":\"pump-1\"}");
            Mqtt5BlockingClient app = Mqtt5Client.builder().identifier("dashboard")
                    .serverHost("127.0.0.1").serverPort(node.mqttAddress().getPort()).buildBlocking();
            app.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = app.publishes(MqttGlobalPublishFilter.ALL)) {
                app.subscribeWith().topicFilter("$twin/things/pump-1/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();

                String payload = "{\"speed\":7}";
                assertThat(call(http, "POST", "/api/v1/things/pump-1/telemetry", admin, payload).statusCode())
                        .isEqualTo(204);
                assertThat(call(http, "POST", "/api/v1/things/pump-1/telemetry", admin, "{\"speed\":null}").statusCode())
                        .isEqualTo(400);

                Mqtt5Publish routed = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(routed.getTopic().toString()).isEqualTo("$twin/things/pump-1/telemetry");
                assertThat(routed.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                assertThat(new String(routed.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
                // The invalid payload was not routed.
                assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
            } finally {
                app.disconnect();
            }

            String metrics = call(http, "GET", "/metrics", null, null).body();
            assertThat(metrics)
                    .contains("twinhub_telemetry_payloads_stored_total 1.0")
                    .contains("twinhub_telemetry_points_stored_total 1.0")
                    .contains("twinhub_telemetry_payloads_dropped_total{reason=\"invalid\"} 1.0");
        }
    }
}
