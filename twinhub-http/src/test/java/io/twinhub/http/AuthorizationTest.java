package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static io.twinhub.http.testkit.TestHub.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens and who may do what (docs/HTTP-API.md, "Authorization"). */
class AuthorizationTest {

    private final TestHub hub = TestHub.start();
    private String deviceToken;

    @BeforeEach
    void devices() {
        deviceToken = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-1\"}")).get("token").asText();
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-2\"}");
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"app-1\"}");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void apiNeedsAValidBearerToken() {
        HttpResponse<String> none = hub.get("/api/v1/things", null);
        assertError(none, 401, "missing bearer token");
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        assertError(hub.get("/api/v1/things", "wrong"), 401, "invalid token");
        assertError(hub.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").build()), 401, "Bearer <token>");
        assertError(hub.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .header("Authorization", "Bearer ").build()), 401, "Bearer <token>");
        assertThat(hub.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .header("Authorization", "bearer " + ADMIN).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void deviceReadsItselfAndPostsItsHeartbeatOnly() {
        assertThat(hub.get("/api/v1/things/dev-1", deviceToken).statusCode()).isEqualTo(200);
        assertThat(hub.post("/api/v1/things/dev-1/heartbeat", deviceToken, null).statusCode()).isEqualTo(204);

        assertError(hub.get("/api/v1/things/dev-2", deviceToken), 403, "not allowed");
        assertError(hub.post("/api/v1/things/dev-2/heartbeat", deviceToken, null), 403, "not allowed");
        assertError(hub.post("/api/v1/things", deviceToken, "{\"id\":\"dev-1x\"}"), 403, "device token cannot manage");
        assertError(hub.get("/api/v1/things", deviceToken), 403, "device token");
        assertError(hub.send("PATCH", "/api/v1/things/dev-1", deviceToken, "{\"attributes\":{\"a\":1}}"), 403, "device token");
        assertError(hub.send("DELETE", "/api/v1/things/dev-1", deviceToken, null), 403, "device token");
        assertError(hub.post("/api/v1/things/dev-1/token", deviceToken, null), 403, "device token");
        assertThat(hub.registry.get("dev-1x")).isEmpty();
        assertThat(hub.registry.get("dev-1")).isPresent();
    }

    @Test
    void applicationManagesOnlyTheThingsItsRulesGrant() {
        assertThat(hub.post("/api/v1/things", APP, "{\"id\":\"app-2\"}").statusCode()).isEqualTo(201);
        assertThat(hub.get("/api/v1/things/app-1", APP).statusCode()).isEqualTo(200);
        assertThat(hub.send("PATCH", "/api/v1/things/app-1", APP, "{\"attributes\":{\"a\":1}}").statusCode()).isEqualTo(200);
        assertThat(hub.post("/api/v1/things/app-1/token", APP, null).statusCode()).isEqualTo(200);

        assertError(hub.post("/api/v1/things", APP, "{\"id\":\"dev-9\"}"), 403, "not allowed");
        assertError(hub.get("/api/v1/things/dev-1", APP), 403, "not allowed");
        assertError(hub.send("DELETE", "/api/v1/things/dev-1", APP, null), 403, "not allowed");
        assertThat(hub.registry.get("dev-9")).isEmpty();

        assertThat(json(hub.get("/api/v1/things", APP)).get("things").findValuesAsText("id"))
                .containsExactly("app-1", "app-2");
        assertThat(hub.send("DELETE", "/api/v1/things/app-2", APP, null).statusCode()).isEqualTo(204);
    }

    @Test
    void forbiddenDoesNotRevealWhetherAThingExists() {
        assertError(hub.get("/api/v1/things/dev-2", deviceToken), 403, "not allowed");
        assertError(hub.get("/api/v1/things/no-such", deviceToken), 403, "not allowed");
    }
}
