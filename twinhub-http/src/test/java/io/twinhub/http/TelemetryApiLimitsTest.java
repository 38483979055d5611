package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** What the telemetry endpoints answer at the service's limits, and on a node that keeps no telemetry. */
class TelemetryApiLimitsTest {

    @Test
    void aDeviceOverItsRateLimitGets429AndThoseAreNotStored() {
        try (TestHub hub = TestHub.startWithTelemetry(s -> s.withDeviceRateLimit(1))) {
            String token = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}")).get("token").asText();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(hub.post("/api/v1/things/dev-a/telemetry", token, "{\"n\":" + i + "}"));
            }

            assertThat(answers.getFirst().statusCode()).isEqualTo(204);
            HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertError(refused, 429, "rate limit");
            long stored = answers.stream().filter(r -> r.statusCode() == 204).count();
            assertThat(stored + answers.stream().filter(r -> r.statusCode() == 429).count()).isEqualTo(5);
            assertThat(json(hub.get("/api/v1/things/dev-a/telemetry?keys=n", ADMIN)).get("n").size())
                    .isEqualTo((int) stored);
        }
    }

    @Test
    void morePointsThanAPayloadMayHoldIs400() {
        try (TestHub hub = TestHub.startWithTelemetry(s -> s.withMaxPointsPerPayload(2))) {
            hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}");

            assertError(hub.post("/api/v1/things/dev-a/telemetry", ADMIN, "{\"a\":1,\"b\":2,\"c\":3}"), 400,
                    "more than 2 points");
        }
    }

    @Test
    void aNodeWithoutTelemetryAnswers503() {
        try (TestHub hub = TestHub.startWithoutShadows()) {
            hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-a\"}");

            assertError(hub.post("/api/v1/things/dev-a/telemetry", ADMIN, "{\"a\":1}"), 503, "telemetry");
            assertError(hub.get("/api/v1/things/dev-a/telemetry", ADMIN), 503, "telemetry");
            assertError(hub.get("/api/v1/things/dev-a/telemetry/latest", ADMIN), 503, "telemetry");
        }
    }
}
