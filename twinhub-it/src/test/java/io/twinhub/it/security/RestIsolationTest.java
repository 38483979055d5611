package io.twinhub.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.HubApi;
import io.twinhub.it.HubApi.Answer;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over REST, a device token reaches its own thing only, and only to read it and post its
 * heartbeat; an application token reaches the things its rules grant; tokens that are wrong,
 * rotated away or of a deleted device are not tokens at all (401). Every refusal is the
 * contract's JSON error {@code {"code","message"}}, and leaves the other thing untouched.
 */
class RestIsolationTest {

    /** Room for the test's deliberate 401s: the failed-attempt limit is FailedLoginLimitTest's subject. */
    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")
            .withFailedAuthLimit(100, 600)));

    private HubApi api;
    private String admin;
    private String tokenA;
    private String tokenB;

    @BeforeEach
    void twoDevices() {
        api = new HubApi(node.node().httpAddress().orElseThrow().getPort());
        admin = node.node().security().adminTokens().create("ops");
        tokenA = api.createDevice(admin, "dev-a");
        tokenB = api.createDevice(admin, "dev-b");
        assertThat(api.patch("/api/v1/things/dev-b", admin, "{\"attributes\":{\"room\":\"lab\"}}").status()).isEqualTo(200);
    }

    /** The contract's error body: exactly {@code code} (the status again) and a message. */
    private static void assertError(Answer a, int status) {
        assertThat(a.status()).as("status of %s", a).isEqualTo(status);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = a.body().fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        assertThat(fields).as("fields of %s", a).containsExactlyInAnyOrder("code", "message");
        assertThat(a.body().get("code").asInt()).isEqualTo(status);
        assertThat(a.body().get("message").isTextual()).isTrue();
        assertThat(a.text("message")).isNotBlank();
        if (status == 401) {
            assertThat(a.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    /** Device B as the admin sees it: untouched by whatever A tried. */
    private void assertDeviceBUntouched() {
        Answer b = api.get("/api/v1/things/dev-b", admin);
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.body().get("attributes")).isEqualTo(api.get("/api/v1/things/dev-b", tokenB).body().get("attributes"));
        assertThat(b.body().get("attributes").get("room").asText()).isEqualTo("lab");
        assertThat(b.body().get("presence").isNull()).as("no heartbeat reached B").isTrue();
        assertThat(api.get("/api/v1/things/dev-b", tokenB).status()).as("B's token still works").isEqualTo(200);
    }

    @Test
    void aDeviceTokenCannotReachAnotherDevice() {
        String b = "/api/v1/things/dev-b";
        assertError(api.get(b, tokenA), 403);
        assertError(api.patch(b, tokenA, "{\"attributes\":{\"room\":\"mine\"}}"), 403);
        assertError(api.post(b + "/heartbeat", tokenA, null), 403);
        assertError(api.post(b + "/token", tokenA, null), 403);
        assertError(api.delete(b, tokenA), 403);
        // the same answer for a thing that does not exist: a token cannot probe for ids
        assertError(api.get("/api/v1/things/dev-nobody", tokenA), 403);
        assertError(api.post("/api/v1/things/dev-nobody/heartbeat", tokenA, null), 403);

        assertDeviceBUntouched();
    }

    @Test
    void aDeviceTokenCannotListCreateOrManageThingsNotEvenItself() {
        String a = "/api/v1/things/dev-a";
        assertError(api.get("/api/v1/things", tokenA), 403);
        assertError(api.get("/api/v1/things?prefix=dev-", tokenA), 403);
        assertError(api.post("/api/v1/things", tokenA, "{\"id\":\"dev-c\"}"), 403);
        assertError(api.patch(a, tokenA, "{\"attributes\":{\"x\":1}}"), 403);
        assertError(api.post(a + "/token", tokenA, null), 403);
        assertError(api.delete(a, tokenA), 403);

        // what it may do: read itself, post its own heartbeat
        Answer self = api.get(a, tokenA);
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.text("id")).isEqualTo("dev-a");
        assertThat(self.body().has("token")).as("a read never shows a token").isFalse();
        assertThat(api.post(a + "/heartbeat", tokenA, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/things/dev-c", admin).status()).as("nothing was created").isEqualTo(404);
        assertThat(api.get(a, tokenA).status()).as("its token was not rotated").isEqualTo(200);
    }

    @Test
    void wrongRotatedAndDeletedTokensAreUnauthorized() {
        String a = "/api/v1/things/dev-a";
        assertError(api.get(a, null), 401);
        assertError(api.get(a, "not-a-token"), 401);
        String wrongSecret = tokenA.substring(0, tokenA.length() - 2) + (tokenA.endsWith("AA") ? "BB" : "AA");
        assertError(api.get(a, wrongSecret), 401);
        assertError(api.get(a, "thd_dev-zz.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 401);
        assertError(api.get(a, tokenB.replace("thd_dev-b.", "thd_dev-a.")), 401); // B's secret under A's name

        // rotated: the old token stops at once, though it was verified (and cached) a moment ago
        assertThat(api.get(a, tokenA).status()).isEqualTo(200);
        Answer rotated = api.post(a + "/token", admin, null);
        assertThat(rotated.status()).isEqualTo(200);
        assertError(api.get(a, tokenA), 401);
        assertError(api.post(a + "/heartbeat", tokenA, null), 401);
        assertThat(api.get(a, rotated.text("token")).status()).isEqualTo(200);

        // deleted: its token is nobody's
        assertThat(api.get("/api/v1/things/dev-b", tokenB).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/things/dev-b", admin).status()).isEqualTo(204);
        assertError(api.get("/api/v1/things/dev-b", tokenB), 401);
        assertError(api.post("/api/v1/things/dev-b/heartbeat", tokenB, null), 401);
    }

    @Test
    void anApplicationTokenIsConfinedToItsThingRules() {
        String sensor1 = api.createDevice(admin, "sensor-1");
        String secret = node.node().security().applications().create("fleet",
                new AccessRules(List.of(), List.of(), List.of("sensor-*"))).secret();

        // granted things
        assertThat(api.get("/api/v1/things/sensor-1", secret).status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/things/sensor-1", secret, "{\"attributes\":{\"floor\":2}}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/things/sensor-1/heartbeat", secret, null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/things", secret, "{\"id\":\"sensor-2\"}").status()).isEqualTo(201);
        Answer rotated = api.post("/api/v1/things/sensor-1/token", secret, null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.text("token")).isNotEqualTo(sensor1);

        // everything else
        String b = "/api/v1/things/dev-b";
        assertError(api.get(b, secret), 403);
        assertError(api.patch(b, secret, "{\"attributes\":{\"room\":\"mine\"}}"), 403);
        assertError(api.post(b + "/heartbeat", secret, null), 403);
        assertError(api.post(b + "/token", secret, null), 403);
        assertError(api.delete(b, secret), 403);
        assertError(api.post("/api/v1/things", secret, "{\"id\":\"pump-1\"}"), 403);
        assertError(api.get("/api/v1/things/pump-404", secret), 403);
        assertDeviceBUntouched();

        // a list holds the granted things only
        Answer list = api.get("/api/v1/things", secret);
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode t : list.body().get("things")) {
            ids.add(t.get("id").asText());
        }
        assertThat(ids).containsExactly("sensor-1", "sensor-2");
        assertThat(api.get("/api/v1/things", admin).body().get("things")).hasSize(4);

        // an application granted no things gets none
        String none = node.node().security().applications().create("blind",
                new AccessRules(List.of("#"), List.of("#"), List.of())).secret();
        assertError(api.get("/api/v1/things/sensor-1", none), 403);
        assertThat(api.get("/api/v1/things", none).body().get("things")).isEmpty();
        assertThat(node.node().devices().get("sensor-1").orElseThrow().attributes()).isEqualTo(Map.of("floor", 2));
    }
}
