package io.twinhub.it.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.it.HubApi;
import io.twinhub.it.RunningNode;
import io.twinhub.it.shadow.ShadowClient;
import io.twinhub.it.shadow.Things;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the telemetry tests run against: a node that lets in only registered clients, the devices
 * a test registers ({@link Things}), and the REST API for posting and querying.
 */
abstract class TelemetryNodeTest {

    @RegisterExtension
    @Order(1)
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    @RegisterExtension
    @Order(2) // closes its clients before the node stops
    final Things things = new Things(node);

    HubApi api() {
        return new HubApi(node.node().httpAddress().orElseThrow().getPort());
    }

    static String telemetryTopic(String device) {
        return "$twin/things/" + device + "/telemetry";
    }

    /** How a device sends telemetry. */
    enum Sender {
        MQTT_3_1_1, MQTT_5, HTTP;

        ShadowClient.Protocol protocol() {
            return this == MQTT_5 ? ShadowClient.Protocol.MQTT_5 : ShadowClient.Protocol.MQTT_3_1_1;
        }
    }

    /** The device's raw points of {@code keys}, newest first, read with the admin token. */
    JsonNode query(String device, String query) {
        HubApi.Answer a = api().get("/api/v1/things/" + device + "/telemetry?" + query, things.adminToken());
        assertThat(a.status()).as("GET telemetry?%s: %s", query, a).isEqualTo(200);
        return a.body();
    }

    JsonNode latest(String device) {
        HubApi.Answer a = api().get("/api/v1/things/" + device + "/telemetry/latest", things.adminToken());
        assertThat(a.status()).as("GET telemetry/latest: %s", a).isEqualTo(200);
        return a.body();
    }

    /** Posts one payload with the device's own token; the answer. */
    HubApi.Answer post(String device, String payload) {
        return api().post("/api/v1/things/" + device + "/telemetry", things.register(device), payload);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Long> timestamps(JsonNode points) {
        return points.findValues("ts").stream().map(JsonNode::asLong).toList();
    }
}
