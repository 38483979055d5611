package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static io.twinhub.http.testkit.TestHub.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/things/{id}/telemetry}: who may post, and every answer it gives. */
class TelemetryApiPostTest {

    private static final String A = "/api/v1/things/dev-a/telemetry";
    private static final String B = "/api/v1/things/dev-b/telemetry";

    private final TestHub hub = TestHub.startWithTelemetry(s -> s);
    private String tokenA;

    @BeforeEach
    void devices() {
        tokenA = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}")).get("token").asText();
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-b\"}");
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"app-1\"}");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aDevicePostsItsOwnTelemetryAndItIsStoredBeforeTheAnswer() {
        HttpResponse<String> posted = hub.post(A, tokenA, "{\"ts\":1700000000000,\"values\":{\"temp\":21.5}}");

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
        assertThat(posted.body()).isEmpty();
        assertThat(json(hub.get(A + "/latest", ADMIN)).toString())
                .isEqualTo("{\"temp\":{\"ts\":1700000000000,\"value\":21.5}}");
    }

    @Test
    void adminsAndTheThingsApplicationsMayPostForIt() {
        assertThat(hub.post(A, ADMIN, "{\"temp\":1}").statusCode()).isEqualTo(204);
        assertThat(hub.post("/api/v1/things/app-1/telemetry", APP, "{\"temp\":2}").statusCode()).isEqualTo(204);

        assertThat(json(hub.get("/api/v1/things/app-1/telemetry/latest", APP)).get("temp").get("value").asInt())
                .isEqualTo(2);
    }

    @Test
    void nobodyElseMayPost() {
        assertError(hub.post(B, tokenA, "{\"temp\":1}"), 403, "not allowed");
        assertError(hub.post(A, APP, "{\"temp\":1}"), 403, "not allowed");
        assertError(hub.post(A, null, "{\"temp\":1}"), 401, "bearer");
        assertThat(json(hub.get(B + "/latest", ADMIN)).size()).isZero();
    }

    @Test
    void anInvalidPayloadIs400WithTheReasonAndNothingIsStored() {
        assertError(hub.post(A, tokenA, "{\"temp\":null}"), 400,
                "value of 'temp' must be a number, string or boolean, not null");
        assertError(hub.post(A, tokenA, "[{\"a\":1},{\"\":2}]"), 400, "array element 1: key must not be empty");
        assertError(hub.post(A, tokenA, "{temp:1}"), 400, "payload is not valid JSON");
        assertError(hub.post(A, tokenA, ""), 400, "payload is empty");

        assertThat(json(hub.get(A + "/latest", ADMIN)).size()).isZero();
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        assertError(hub.post(A, tokenA, "text/plain", "{\"temp\":1}"), 415, "application/json");
        assertError(hub.post(A, tokenA, null, "{\"temp\":1}"), 415, "application/json");
        assertThat(hub.post(A, tokenA, "application/json; charset=utf-8", "{\"temp\":1}").statusCode()).isEqualTo(204);
    }

    @Test
    void anUnknownThingIs404ForAnAdminAnd403ForADevice() {
        assertError(hub.post("/api/v1/things/ghost/telemetry", ADMIN, "{\"temp\":1}"), 404, "no thing 'ghost'");
        assertError(hub.post("/api/v1/things/app-ghost/telemetry", APP, "{\"temp\":1}"), 404, "no thing 'app-ghost'");
        assertError(hub.post("/api/v1/things/ghost/telemetry", tokenA, "{\"temp\":1}"), 403, "not allowed");
    }

    @Test
    void anInvalidThingIdIs400() {
        assertError(hub.post("/api/v1/things/bad%20id/telemetry", ADMIN, "{\"temp\":1}"), 400, "invalid thing id");
    }

    @Test
    void theLatestEndpointTakesNoPost() {
        HttpResponse<String> r = hub.post(A + "/latest", ADMIN, "{\"temp\":1}");
        assertError(r, 405, "not allowed");
        assertThat(r.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void aStoreThatRefusesWritesIs503() {
        hub.storeProblem.set("disk full");

        assertError(hub.post(A, tokenA, "{\"temp\":1}"), 503, "cannot store");
    }
}
