package io.twinhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.core.device.Presence;
import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The device endpoints of contract §6, as an admin uses them. */
class ThingsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestHub hub = TestHub.start();

    @AfterEach
    void stop() {
        hub.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).containsIgnoringCase(messagePart);
    }

    @Test
    void createReturnsTheDeviceWithItsTokenOnce() {
        HttpResponse<String> r = hub.post("/api/v1/things", ADMIN, "{\"id\":\"thermo-1\",\"attributes\":{\"room\":\"kitchen\",\"floor\":2}}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("location")).hasValue("/api/v1/things/thermo-1");
        JsonNode body = json(r);
        assertThat(body.get("id").asText()).isEqualTo("thermo-1");
        assertThat(body.get("attributes").get("room").asText()).isEqualTo("kitchen");
        assertThat(body.get("attributes").get("floor").asInt()).isEqualTo(2);
        assertThat(body.get("createdAt").asLong()).isPositive();
        assertThat(body.get("updatedAt").asLong()).isEqualTo(body.get("createdAt").asLong());
        String token = body.get("token").asText();
        assertThat(hub.registry.verifyToken("thermo-1", token.getBytes())).isTrue();

        JsonNode fetched = json(hub.get("/api/v1/things/thermo-1", ADMIN));
        assertThat(fetched.has("token")).isFalse();
    }

    @Test
    void createWithoutAttributesGivesAnEmptyObject() {
        HttpResponse<String> r = hub.post("/api/v1/things", ADMIN, "{\"id\":\"a.b:c_d-1\"}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).get("attributes").isObject()).isTrue();
        assertThat(json(r).get("attributes").size()).isZero();
    }

    @Test
    void createRejectsTakenIdsAndBadInput() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"dup\"}");

        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dup\"}"), 409, "already exists");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"has space\"}"), 400, "invalid thing id");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"" + "x".repeat(129) + "\"}"), 400, "invalid thing id");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"attributes\":{}}"), 400, "'id' is required");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":7}"), 400, "'id' is required");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\",\"attributes\":[1]}"), 400, "must be a JSON object");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\",\"token\":\"mine\"}"), 400, "unknown field 'token'");
        assertError(hub.post("/api/v1/things", ADMIN, "[]"), 400, "must be a JSON object");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\""), 400, "not valid JSON");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\"} trailing"), 400, "not valid JSON");
        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\",\"id\":\"y\"}"), 400, "not valid JSON");
        assertError(hub.send("POST", "/api/v1/things", ADMIN, null), 400, "JSON object is required");
        assertThat(hub.registry.get("x")).isEmpty();
    }

    @Test
    void getShowsPresenceOrNullWhenNeverSeen() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"seen\"}");
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"unseen\"}");
        hub.presence.set("seen", new Presence(true, 1_700_000_000L, 1_700_000_050L));

        JsonNode seen = json(hub.get("/api/v1/things/seen", ADMIN));
        assertThat(seen.get("presence").get("online").asBoolean()).isTrue();
        assertThat(seen.get("presence").get("since").asLong()).isEqualTo(1_700_000_000L);
        assertThat(seen.get("presence").get("lastSeen").asLong()).isEqualTo(1_700_000_050L);

        JsonNode unseen = json(hub.get("/api/v1/things/unseen", ADMIN));
        assertThat(unseen.has("presence")).isTrue();
        assertThat(unseen.get("presence").isNull()).isTrue();
    }

    @Test
    void unknownThingsAre404AndBadIds400() {
        assertError(hub.get("/api/v1/things/nope", ADMIN), 404, "no thing 'nope'");
        assertError(hub.send("PATCH", "/api/v1/things/nope", ADMIN, "{\"attributes\":{}}"), 404, "no thing");
        assertError(hub.send("DELETE", "/api/v1/things/nope", ADMIN, null), 404, "no thing");
        assertError(hub.post("/api/v1/things/nope/token", ADMIN, null), 404, "no thing");
        assertError(hub.post("/api/v1/things/nope/heartbeat", ADMIN, null), 404, "no thing");
        assertError(hub.get("/api/v1/things/bad%20id", ADMIN), 400, "invalid thing id");
    }

    @Test
    void patchMergesAttributes() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"p1\",\"attributes\":{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"c\":\"keep\"}}");

        HttpResponse<String> r = hub.send("PATCH", "/api/v1/things/p1", ADMIN,
                "{\"attributes\":{\"a\":null,\"b\":{\"y\":3},\"d\":[1,2]}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode attrs = json(r).get("attributes");
        assertThat(attrs.has("a")).isFalse();
        assertThat(attrs.get("b").get("x").asInt()).isEqualTo(1);
        assertThat(attrs.get("b").get("y").asInt()).isEqualTo(3);
        assertThat(attrs.get("c").asText()).isEqualTo("keep");
        assertThat(attrs.get("d").size()).isEqualTo(2);
        assertThat(json(hub.get("/api/v1/things/p1", ADMIN)).get("attributes")).isEqualTo(attrs);
    }

    @Test
    void patchAcceptsMergePatchMediaTypeAndRejectsOtherFields() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"p2\"}");
        HttpResponse<String> r = hub.send(java.net.http.HttpRequest.newBuilder(hub.uri("/api/v1/things/p2"))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"attributes\":{\"k\":true}}"))
                .header("Content-Type", "application/merge-patch+json")
                .header("Authorization", "Bearer " + ADMIN).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("attributes").get("k").asBoolean()).isTrue();

        assertError(hub.send("PATCH", "/api/v1/things/p2", ADMIN, "{\"id\":\"other\"}"), 400, "unknown field 'id'");
        assertError(hub.send("PATCH", "/api/v1/things/p2", ADMIN, "{}"), 400, "'attributes' is required");
    }

    @Test
    void deleteRemovesTheDevice() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"gone\"}");

        HttpResponse<String> r = hub.send("DELETE", "/api/v1/things/gone", ADMIN, null);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(hub.registry.get("gone")).isEmpty();
        assertThat(hub.get("/api/v1/things/gone", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void rotateGivesANewTokenAndTheOldOneStopsWorking() {
        String old = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"rot\"}")).get("token").asText();
        assertThat(hub.get("/api/v1/things/rot", old).statusCode()).isEqualTo(200);

        HttpResponse<String> r = hub.post("/api/v1/things/rot/token", ADMIN, null);

        assertThat(r.statusCode()).isEqualTo(200);
        String fresh = json(r).get("token").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(json(r).get("id").asText()).isEqualTo("rot");
        assertError(hub.get("/api/v1/things/rot", old), 401, "invalid token");
        assertThat(hub.get("/api/v1/things/rot", fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void heartbeatReachesTheSink() {
        String token = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"hb\"}")).get("token").asText();

        HttpResponse<String> r = hub.post("/api/v1/things/hb/heartbeat", token, null);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(hub.presence.heartbeats()).containsExactly("hb");
        assertThat(json(hub.get("/api/v1/things/hb", token)).get("presence").get("online").asBoolean()).isTrue();
    }

    @Test
    void listPagesInIdOrderWithPrefixAndCursor() {
        for (String id : new String[] {"s-3", "s-1", "s-2", "t-1", "s-4"}) {
            hub.post("/api/v1/things", ADMIN, "{\"id\":\"" + id + "\"}");
        }

        JsonNode first = json(hub.get("/api/v1/things?prefix=s-&limit=3", ADMIN));
        assertThat(first.get("things").findValuesAsText("id")).containsExactly("s-1", "s-2", "s-3");
        String cursor = first.get("nextCursor").asText();

        JsonNode second = json(hub.get("/api/v1/things?prefix=s-&limit=3&cursor=" + cursor, ADMIN));
        assertThat(second.get("things").findValuesAsText("id")).containsExactly("s-4");
        assertThat(second.get("nextCursor").isNull()).isTrue();

        JsonNode all = json(hub.get("/api/v1/things", ADMIN));
        assertThat(all.get("things").size()).isEqualTo(5);
        assertThat(all.get("things").get(0).has("token")).isFalse();
    }

    @Test
    void listRejectsBadLimits() {
        assertError(hub.get("/api/v1/things?limit=0", ADMIN), 400, "'limit'");
        assertError(hub.get("/api/v1/things?limit=1001", ADMIN), 400, "'limit'");
        assertError(hub.get("/api/v1/things?limit=ten", ADMIN), 400, "'limit'");
        assertThat(hub.get("/api/v1/things?limit=1000", ADMIN).statusCode()).isEqualTo(200);
    }
}
