package io.twinhub.it.telemetry;

import io.twinhub.it.HubApi;
import io.twinhub.it.RawMqtt;
import io.twinhub.it.RunningNode;
import io.twinhub.it.shadow.Answer;
import io.twinhub.it.shadow.ShadowClient;
import io.twinhub.it.shadow.Things;
import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device over its telemetry rate limit (here 5 payloads a second, burst 5): MQTT 5 is told
 * with DISCONNECT 0x96 (message rate too high) before any unstored QoS 1 payload is acknowledged,
 * MQTT 3.1.1 QoS 0 gets the reason on {@code …/telemetry/rejected}, HTTP gets 429; other devices
 * are not affected, and every acknowledged payload is stored.
 */
class TelemetryRateLimitTest {

    static final int LIMIT = 5;

    @RegisterExtension
    @Order(1)
    final RunningNode node = RunningNode.configured(c -> {
        NodeConfig.Telemetry t = c.telemetry();
        return c.withAuth(c.auth().withAnonymous("off")).withTelemetry(new NodeConfig.Telemetry(t.shards(), t.bucket(),
                t.flushPoints(), t.flushInterval(), t.maxQueuedBytes(), LIMIT, t.maxPointsPerPayload(), t.retention(),
                t.maxQueryLimit()));
    });

    @RegisterExtension
    @Order(2)
    final Things things = new Things(node);

    private HubApi api() {
        return new HubApi(node.node().httpAddress().orElseThrow().getPort());
    }

    @Test
    void mqtt5QoS1OverTheLimitEndsWithDisconnect0x96AndNoFalseAcknowledgement() throws IOException {
        String device = "limited-v5";
        String token = things.register(device);
        int acknowledged = 0;
        int disconnectReason = -1;
        try (RawMqtt raw = new RawMqtt(node.port())) {
            raw.send(RawMqtt.connect(5, device, 60, device, token));
            assertThat(RawMqtt.connAckCode(raw.readPacket())).isZero();
            for (int id = 1; id <= 3 * LIMIT; id++) {
                raw.send(publishQos1("$twin/things/" + device + "/telemetry", id,
                        ("{\"ts\":" + (1_700_000_000_000L + id) + ",\"values\":{\"n\":" + id + "}}").getBytes(StandardCharsets.UTF_8)));
            }
            while (disconnectReason < 0) {
                byte[] p = raw.readPacket();
                int type = p[0] & 0xF0;
                if (type == 0x40) {
                    assertThat(p.length == 3 || p[3] == 0).as("PUBACK %d is a success", acknowledged + 1).isTrue();
                    acknowledged++;
                } else if (type == 0xE0) {
                    disconnectReason = p.length > 1 ? p[1] & 0xFF : 0;
                }
            }
        }
        assertThat(disconnectReason).isEqualTo(0x96);
        assertThat(acknowledged).isBetween(LIMIT, 3 * LIMIT - 1);
        int stored = pointsOf(device, "n");
        assertThat(stored).as("every acknowledged payload stored, not all sent").isBetween(acknowledged, 3 * LIMIT - 1);
    }

    @Test
    void mqtt311QoS0OverTheLimitIsDroppedWithAReasonAndOthersAreUnaffected() {
        String device = "limited-v311";
        ShadowClient c = things.device(ShadowClient.Protocol.MQTT_3_1_1, device)
                .subscribed("$twin/things/" + device + "/telemetry/rejected");
        ShadowClient other = things.device(ShadowClient.Protocol.MQTT_5, "calm-neighbour");
        for (int i = 0; i < 3 * LIMIT; i++) {
            c.publish("$twin/things/" + device + "/telemetry", "{\"ts\":" + (1_700_000_000_000L + i) + ",\"values\":{\"n\":" + i + "}}", 0);
        }
        Answer rejection = c.next("$twin/things/" + device + "/telemetry/rejected");
        assertThat(rejection.body().path("code").asInt()).isEqualTo(429);
        assertThat(rejection.body().path("reason").asText()).isEqualTo("RATE_LIMITED");
        assertThat(c.isConnected()).isTrue();
        assertThat(other.publish("$twin/things/calm-neighbour/telemetry", "{\"n\":1}", 1)).as("another device").isZero();
        List<Answer> more = c.drain();
        int rejected = 1 + (int) more.stream().filter(a -> a.topic().endsWith("/rejected")).count();
        assertThat(pointsOf(device, "n")).as("stored + rejected = sent").isEqualTo(3 * LIMIT - rejected);
    }

    @Test
    void httpOverTheLimitIs429WithRetryAfter() {
        String device = "limited-http";
        String token = things.register(device);
        List<Integer> statuses = new ArrayList<>();
        HubApi.Answer limited = null;
        for (int i = 0; i < 3 * LIMIT; i++) {
            HubApi.Answer a = api().post("/api/v1/things/" + device + "/telemetry", token,
                    "{\"ts\":" + (1_700_000_000_000L + i) + ",\"values\":{\"n\":" + i + "}}");
            statuses.add(a.status());
            if (a.status() == 429) {
                limited = a;
            }
        }
        assertThat(statuses).containsOnly(204, 429).contains(429);
        assertThat(limited.body().path("code").asInt()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).isPresent();
        assertThat(pointsOf(device, "n")).isEqualTo((int) statuses.stream().filter(s -> s == 204).count());
    }

    private int pointsOf(String device, String key) {
        HubApi.Answer a = api().get("/api/v1/things/" + device + "/telemetry?keys=" + key + "&limit=1000", things.adminToken());
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.body().path(key).size();
    }

    /** A QoS 1 PUBLISH in MQTT 5 (no properties). */
    private static byte[] publishQos1(String topic, int packetId, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        body.write(t.length >> 8);
        body.write(t.length & 0xFF);
        body.writeBytes(t);
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        body.write(0);
        body.writeBytes(payload);
        return RawMqtt.packet(0x32, body.toByteArray());
    }
}
