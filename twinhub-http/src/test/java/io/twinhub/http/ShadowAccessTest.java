package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static io.twinhub.http.testkit.TestHub.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may use which shadow over REST, and what the shadow endpoints answer when they cannot serve. */
class ShadowAccessTest {

    private static final String A = "/api/v1/things/dev-a/shadow";
    private static final String B = "/api/v1/things/dev-b/shadow";
    private static final String UPDATE = "{\"state\":{\"reported\":{\"temp\":20}}}";

    private final TestHub hub = TestHub.start();
    private String tokenA;
    private String tokenB;

    @BeforeEach
    void devices() {
        tokenA = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}")).get("token").asText();
        tokenB = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-b\"}")).get("token").asText();
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"app-1\"}");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aDeviceUsesItsOwnShadows() {
        HttpResponse<String> updated = hub.post(A, tokenA, UPDATE);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(hub.post(A + "?name=cfg", tokenA, UPDATE).statusCode()).isEqualTo(200);
        assertThat(hub.get(A, tokenA).statusCode()).isEqualTo(200);
        assertThat(json(hub.get("/api/v1/things/dev-a/shadows", tokenA)).get("names").toString())
                .isEqualTo("[\"\",\"cfg\"]");
        assertThat(hub.send("DELETE", A + "?name=cfg", tokenA, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeviceCannotReadWriteDeleteOrListAnotherDevicesShadows() {
        hub.post(B, tokenB, "{\"state\":{\"reported\":{\"temp\":5}}}");
        hub.post(B + "?name=cfg", tokenB, UPDATE);

        assertError(hub.get(B, tokenA), 403, "not allowed");
        assertError(hub.get(B + "?name=cfg", tokenA), 403, "not allowed");
        assertError(hub.post(B, tokenA, "{\"state\":{\"reported\":{\"temp\":99}}}"), 403, "not allowed");
        assertError(hub.send("DELETE", B, tokenA, null), 403, "not allowed");
        assertError(hub.send("DELETE", B + "?name=cfg", tokenA, null), 403, "not allowed");
        assertError(hub.get("/api/v1/things/dev-b/shadows", tokenA), 403, "not allowed");
        // A shadow that does not exist is 403 too, so ids cannot be probed.
        assertError(hub.get("/api/v1/things/dev-c/shadow", tokenA), 403, "not allowed");

        HttpResponse<String> untouched = hub.get(B, ADMIN);
        assertThat(untouched.headers().firstValue("etag")).hasValue("\"1\"");
        assertThat(json(untouched).get("state").get("reported").get("temp").asInt()).isEqualTo(5);
        assertThat(hub.get(B + "?name=cfg", tokenB).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminUsesEveryShadow() {
        hub.post(B, tokenB, UPDATE);

        assertThat(hub.get(B, ADMIN).statusCode()).isEqualTo(200);
        assertThat(hub.post(B, ADMIN, "{\"state\":{\"desired\":{\"temp\":18}}}").statusCode()).isEqualTo(200);
        assertThat(json(hub.get(B, tokenB)).get("state").get("delta").get("temp").asInt()).isEqualTo(18);
        assertThat(hub.send("DELETE", B, ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(hub.get(B, tokenB).statusCode()).isEqualTo(404);
    }

    @Test
    void anApplicationUsesTheShadowsOfTheThingsItsRulesGrant() {
        assertThat(hub.post("/api/v1/things/app-1/shadow", APP, UPDATE).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/v1/things/app-1/shadow", APP).statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/v1/things/app-1/shadows", APP).statusCode()).isEqualTo(200);

        assertError(hub.get(A, APP), 403, "not allowed");
        assertError(hub.post(A, APP, UPDATE), 403, "not allowed");
        assertError(hub.send("DELETE", A, APP, null), 403, "not allowed");
        assertThat(hub.get(A, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutATokenTheShadowEndpointsAre401() {
        assertError(hub.get(A, null), 401, "missing bearer token");
        assertError(hub.post(A, "not-a-token", UPDATE), 401, "invalid token");
        assertThat(hub.get(A, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void changesAre503WhileTheStoreRefusesWritesAndReadsKeepWorking() {
        hub.post(A, ADMIN, UPDATE);
        hub.storeProblem.set("disk full");

        assertError(hub.post(A, tokenA, "{\"state\":{\"reported\":{\"temp\":21}}}"), 503, "cannot store changes");
        assertError(hub.send("DELETE", A, tokenA, null), 503, "cannot store changes");
        HttpResponse<String> read = hub.get(A, tokenA);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("state").get("reported").get("temp").asInt()).isEqualTo(20);
        assertThat(hub.get("/api/v1/things/dev-a/shadows", tokenA).statusCode()).isEqualTo(200);

        hub.storeProblem.set(null);
        assertThat(hub.post(A, tokenA, "{\"state\":{\"reported\":{\"temp\":21}}}").statusCode()).isEqualTo(200);
    }

    @Test
    void aNodeWithoutShadowsAnswers503OnEveryShadowEndpoint() {
        try (TestHub bare = TestHub.startWithoutShadows()) {
            assertError(bare.get(A, ADMIN), 503, "does not serve device shadows");
            assertError(bare.post(A, ADMIN, UPDATE), 503, "does not serve device shadows");
            assertError(bare.send("DELETE", A, ADMIN, null), 503, "does not serve device shadows");
            assertError(bare.get("/api/v1/things/dev-a/shadows", ADMIN), 503, "does not serve device shadows");
            assertError(bare.get(A, null), 401, "missing bearer token");
        }
    }
}
