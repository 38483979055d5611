package io.twinhub.it.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.it.HubApi;
import io.twinhub.it.shadow.Answer;
import io.twinhub.it.shadow.ShadowClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telemetry in, over MQTT 3.1.1, MQTT 5.0 (HiveMQ client) and HTTP: every payload shape is
 * stored and queryable, every kind of invalid payload is refused the way the contract says for
 * that transport and nothing of it is stored, and what is stored reaches subscribers.
 */
class TelemetryIngestTest extends TelemetryNodeTest {

    /** One invalid payload of each rejection reason, with that reason. */
    static final Map<String, String> INVALID = invalidPayloads();

    private static Map<String, String> invalidPayloads() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("", "EMPTY_PAYLOAD");
        m.put("{temp:1}", "NOT_JSON");
        m.put("{\"a\":1} {\"b\":2}", "TRAILING_DATA");
        m.put("42", "WRONG_TYPE");
        m.put("{}", "NO_POINTS");
        m.put("{\"\":1}", "BAD_KEY");
        m.put("{\"a\":1,\"a\":2}", "DUPLICATE_KEY");
        m.put("{\"a\":null}", "BAD_VALUE");
        m.put("{\"a\":1e400}", "NOT_FINITE");
        m.put("{\"ts\":1700000000,\"values\":{\"a\":1}}", "BAD_TS");
        m.put("{\"ts\":1700000000000}", "BAD_VALUES");
        m.put("{\"ts\":1700000000000,\"values\":{\"a\":1},\"b\":2}", "UNKNOWN_FIELD");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= 1000; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        m.put(many.append('}').toString(), "TOO_MANY_POINTS");
        return m;
    }

    @ParameterizedTest
    @EnumSource(Sender.class)
    void everyShapeIsStoredAndQueryable(Sender sender) {
        String device = "shapes-" + sender.name().toLowerCase().replace('_', '-');
        List<String> payloads = List.of(
                "{\"temp\":21.5,\"door\":\"open\",\"alarm\":false,\"count\":3}",
                "{\"ts\":1700000000123,\"values\":{\"temp\":20,\"door\":\"closed\"}}",
                "[{\"ts\":1700000060000,\"values\":{\"temp\":20.25}},{\"values\":{\"count\":4},\"ts\":1700000120000},"
                        + "{\"alarm\":true}]");
        long before = System.currentTimeMillis();
        send(sender, device, payloads);
        long after = System.currentTimeMillis();

        JsonNode all = query(device, "keys=temp,door,alarm,count&limit=10");
        JsonNode temp = all.path("temp");
        assertThat(temp).hasSize(3);
        assertThat(temp.get(0).path("value").asDouble()).isEqualTo(21.5);
        assertThat(temp.get(0).path("ts").asLong()).isBetween(before, after);
        assertThat(temp.get(1).path("ts").asLong()).isEqualTo(1700000060000L);
        assertThat(temp.get(1).path("value").asDouble()).isEqualTo(20.25);
        assertThat(temp.get(2).path("ts").asLong()).isEqualTo(1700000000123L);
        assertThat(temp.get(2).path("value").isIntegralNumber()).as("20 comes back as an integer").isTrue();
        assertThat(temp.get(2).path("value").asLong()).isEqualTo(20);

        JsonNode door = all.path("door");
        assertThat(door).hasSize(2);
        assertThat(door.get(0).path("value").asText()).isEqualTo("open");
        assertThat(door.get(1).path("value").asText()).isEqualTo("closed");

        JsonNode alarm = all.path("alarm");
        assertThat(alarm).hasSize(2);
        assertThat(alarm.get(0).path("value").isBoolean()).isTrue();
        assertThat(alarm.get(0).path("ts").asLong()).as("server time of the last payload").isGreaterThanOrEqualTo(
                temp.get(0).path("ts").asLong());
        assertThat(all.path("count").get(0).path("value").asLong()).isEqualTo(3);
        assertThat(all.path("count").get(1).path("value").asLong()).isEqualTo(4);

        JsonNode latest = latest(device);
        assertThat(latest.path("temp").path("value").asDouble()).isEqualTo(21.5);
        assertThat(latest.path("door").path("value").asText()).isEqualTo("open");
        assertThat(latest.path("count").path("value").asLong()).isEqualTo(3);
    }

    private void send(Sender sender, String device, List<String> payloads) {
        if (sender == Sender.HTTP) {
            for (String p : payloads) {
                HubApi.Answer a = post(device, p);
                assertThat(a.status()).as("POST %s: %s", p, a).isEqualTo(204);
            }
            return;
        }
        ShadowClient c = things.device(sender.protocol(), device);
        for (String p : payloads) {
            assertThat(c.publish(telemetryTopic(device), p, 1)).as("PUBACK of %s", p).isZero();
        }
    }

    @Test
    void invalidPayloadsOverMqtt5AreRefusedWithPayloadFormatInvalid() {
        String device = "invalid-v5";
        ShadowClient c = things.device(ShadowClient.Protocol.MQTT_5, device).subscribed(telemetryTopic(device) + "/rejected");
        for (String payload : INVALID.keySet()) {
            int code = ShadowClient.await(c.publishAsync(telemetryTopic(device), utf8(payload), 1), "PUBLISH");
            assertThat(code).as("PUBACK reason for %s", INVALID.get(payload)).isEqualTo(0x99);
        }
        // QoS 0 has no acknowledgement: the reason comes on …/telemetry/rejected
        for (Map.Entry<String, String> e : INVALID.entrySet()) {
            c.publish(telemetryTopic(device), e.getKey(), 0);
            assertRejection(c.next(telemetryTopic(device) + "/rejected"), e.getValue());
        }
        assertThat(latest(device)).as("nothing stored").isEmpty();
    }

    @Test
    void invalidPayloadsOverMqtt311AreReportedOnTheRejectedTopic() {
        String device = "invalid-v311";
        ShadowClient c = things.device(ShadowClient.Protocol.MQTT_3_1_1, device).subscribed(telemetryTopic(device) + "/rejected");
        for (Map.Entry<String, String> e : INVALID.entrySet()) {
            for (int qos = 0; qos <= 1; qos++) {
                c.publish(telemetryTopic(device), e.getKey(), qos);
                assertRejection(c.next(telemetryTopic(device) + "/rejected"), e.getValue());
            }
        }
        assertThat(latest(device)).as("nothing stored").isEmpty();
        assertThat(c.isConnected()).as("an invalid payload does not cost the connection").isTrue();
    }

    @Test
    void invalidPayloadsOverHttpAre400WithTheReason() {
        String device = "invalid-http";
        for (Map.Entry<String, String> e : INVALID.entrySet()) {
            HubApi.Answer a = post(device, e.getKey());
            assertThat(a.status()).as("%s: %s", e.getValue(), a).isEqualTo(400);
            assertThat(a.body().path("code").asInt()).isEqualTo(400);
            assertThat(a.text("message")).as(e.getValue()).isNotBlank();
        }
        assertThat(latest(device)).as("nothing stored").isEmpty();
    }

    private static void assertRejection(Answer a, String reason) {
        assertThat(a.body().path("code").asInt()).as("%s", a).isEqualTo(400);
        assertThat(a.body().path("reason").asText()).as("%s", a).isEqualTo(reason);
        assertThat(a.body().path("message").asText()).as("%s", a).isNotBlank();
    }

    @Test
    void storedTelemetryReachesSubscribersInOrderAndInvalidDoesNot() {
        ShadowClient app = things.admin(ShadowClient.Protocol.MQTT_5, "dashboard").subscribed("$twin/things/+/telemetry");
        ShadowClient v3 = things.device(ShadowClient.Protocol.MQTT_3_1_1, "routed-a");
        ShadowClient v5 = things.device(ShadowClient.Protocol.MQTT_5, "routed-b");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            v3.publish(telemetryTopic("routed-a"), "{\"n\":" + i + "}", i % 2);
            v5.publish(telemetryTopic("routed-b"), "{\"n\":" + i + "}", i % 2);
            v5.publish(telemetryTopic("routed-b"), "{\"n\":null}", 1);  // refused: not routed
            expected.add("routed-a " + i);
            expected.add("routed-b " + i);
        }
        assertThat(post("routed-a", "{\"n\":20}").status()).isEqualTo(204);
        expected.add("routed-a 20");

        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Answer a = app.next();
            got.add(a.topic().split("/")[2] + " " + a.body().path("n").asText());
        }
        assertThat(got.stream().filter(s -> s.startsWith("routed-a")).toList())
                .isEqualTo(expected.stream().filter(s -> s.startsWith("routed-a")).toList());
        assertThat(got.stream().filter(s -> s.startsWith("routed-b")).toList())
                .isEqualTo(expected.stream().filter(s -> s.startsWith("routed-b")).toList());
        assertThat(app.drain()).as("nothing else, in particular no refused payload").isEmpty();
    }

    @Test
    void nobodyPublishesOnTheRejectedTopic() {
        ShadowClient c = things.device(ShadowClient.Protocol.MQTT_5, "forger");
        int code = c.publish(telemetryTopic("forger") + "/rejected", "{\"code\":400}", 1);
        assertThat(code).isEqualTo(ShadowClient.NOT_AUTHORIZED);
        ShadowClient admin = things.admin(ShadowClient.Protocol.MQTT_5, "admin-forger");
        assertThat(admin.publish(telemetryTopic("forger") + "/rejected", "{\"code\":400}", 1))
                .isEqualTo(ShadowClient.NOT_AUTHORIZED);
    }
}
