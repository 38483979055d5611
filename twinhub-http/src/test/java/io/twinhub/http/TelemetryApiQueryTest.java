package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static io.twinhub.http.testkit.TestHub.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET …/telemetry} and {@code …/telemetry/latest}: shapes, defaults, parameter errors, access. */
class TelemetryApiQueryTest {

    private static final String A = "/api/v1/things/app-a/telemetry";
    private static final long T0 = 1_700_000_000_000L;

    private final TestHub hub = TestHub.startWithTelemetry(s -> s.withMaxQueryLimit(150));
    private String deviceToken;

    @BeforeEach
    void pointsOfADevice() {
        deviceToken = json(hub.post("/api/v1/things", ADMIN, "{\"id\":\"app-a\"}")).get("token").asText();
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"dev-b\"}");
        // temp at T0, T0+1000, …, T0+4000: 20, 21.5, 22, 23.5, 24; state and door at T0+1000
        post("[{\"ts\":" + T0 + ",\"values\":{\"temp\":20}},"
                + "{\"ts\":" + (T0 + 1000) + ",\"values\":{\"temp\":21.5,\"state\":\"open\",\"door\":true}},"
                + "{\"ts\":" + (T0 + 2000) + ",\"values\":{\"temp\":22}},"
                + "{\"ts\":" + (T0 + 3000) + ",\"values\":{\"temp\":23.5}},"
                + "{\"ts\":" + (T0 + 4000) + ",\"values\":{\"temp\":24}}]");
    }

    private void post(String payload) {
        assertThat(hub.post(A, deviceToken, payload).statusCode()).isEqualTo(204);
    }

    private String body(String query) {
        var r = hub.get(A + query, APP);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return json(r).toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void rawPointsComeNewestFirstWithValuesAsTheDeviceWroteThem() {
        assertThat(body("?keys=temp,state,door")).isEqualTo("{\"temp\":["
                + "{\"ts\":" + (T0 + 4000) + ",\"value\":24},"
                + "{\"ts\":" + (T0 + 3000) + ",\"value\":23.5},"
                + "{\"ts\":" + (T0 + 2000) + ",\"value\":22},"
                + "{\"ts\":" + (T0 + 1000) + ",\"value\":21.5},"
                + "{\"ts\":" + T0 + ",\"value\":20}],"
                + "\"state\":[{\"ts\":" + (T0 + 1000) + ",\"value\":\"open\"}],"
                + "\"door\":[{\"ts\":" + (T0 + 1000) + ",\"value\":true}]}");
    }

    @Test
    void withoutKeysEveryKeyIsAnswered() {
        assertThat(json(hub.get(A, APP)).fieldNames()).toIterable().containsExactlyInAnyOrder("temp", "state", "door");
        assertThat(json(hub.get(A + "?keys=", APP)).size()).isEqualTo(3);
    }

    @Test
    void keysAreAnsweredInTheOrderAskedAndUnknownOnesAreLeftOut() {
        assertThat(json(hub.get(A + "?keys=door,nothing,temp", APP)).fieldNames()).toIterable()
                .containsExactly("door", "temp");
        assertThat(body("?keys=nothing")).isEqualTo("{}");
    }

    @Test
    void fromIsIncludedToIsExcludedAndLimitKeepsTheNewest() {
        assertThat(json(hub.get(A + "?keys=temp&from=" + (T0 + 1000) + "&to=" + (T0 + 3000), APP)).get("temp")
                .findValuesAsText("ts")).containsExactly(String.valueOf(T0 + 2000), String.valueOf(T0 + 1000));
        assertThat(json(hub.get(A + "?keys=temp&limit=2", APP)).get("temp").findValuesAsText("ts"))
                .containsExactly(String.valueOf(T0 + 4000), String.valueOf(T0 + 3000));
        assertThat(json(hub.get(A + "?keys=temp&limit=150", APP)).get("temp").size()).isEqualTo(5);
    }

    @Test
    void toDefaultsToNowIncluded() {
        post("{\"now\":1}");

        assertThat(json(hub.get(A + "?keys=now", APP)).get("now").size()).isEqualTo(1);
    }

    @Test
    void theDefaultLimitIsAHundred() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 120; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"ts\":").append(T0 + 10_000 + i).append(",\"values\":{\"n\":")
                    .append(i).append("}}");
        }
        post(batch.append(']').toString());

        assertThat(json(hub.get(A + "?keys=n", APP)).get("n").size()).isEqualTo(100);
    }

    @Test
    void aggregatesGiveOnePointPerIntervalNewestFirst() {
        // Buckets of 2 s from T0 (a multiple of 2000): [20, 21.5], [22, 23.5], [24]
        var avg = json(hub.get(A + "?keys=temp&agg=avg&interval=2000", APP)).get("temp");
        assertThat(avg.findValuesAsText("ts"))
                .containsExactly(String.valueOf(T0 + 4000), String.valueOf(T0 + 2000), String.valueOf(T0));
        assertThat(avg.findValues("value")).extracting(v -> v.asDouble()).containsExactly(24.0, 22.75, 20.75);
        assertThat(json(hub.get(A + "?keys=temp&agg=count&interval=2000&limit=1", APP)).toString())
                .isEqualTo("{\"temp\":[{\"ts\":" + (T0 + 4000) + ",\"value\":1}]}");
        assertThat(json(hub.get(A + "?keys=temp&agg=max&interval=10000", APP)).get("temp").get(0).get("value").asDouble())
                .isEqualTo(24);
        assertThat(json(hub.get(A + "?keys=temp&agg=min&interval=10000", APP)).get("temp").get(0).get("value").asDouble())
                .isEqualTo(20);
        assertThat(json(hub.get(A + "?keys=temp&agg=sum&interval=10000", APP)).get("temp").get(0).get("value").asDouble())
                .isEqualTo(111);
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        assertError(hub.get(A + "?from=yesterday", APP), 400, "'from' must be epoch milliseconds");
        assertError(hub.get(A + "?from=-5", APP), 400, "'from' must be epoch milliseconds");
        assertError(hub.get(A + "?to=1.5", APP), 400, "'to' must be epoch milliseconds");
        assertError(hub.get(A + "?from=10&to=5", APP), 400, "'from' (10) must not be after 'to' (5)");
        assertError(hub.get(A + "?limit=0", APP), 400, "'limit' must be a whole number from 1 to 150");
        assertError(hub.get(A + "?limit=151", APP), 400, "'limit' must be a whole number from 1 to 150");
        assertError(hub.get(A + "?limit=many", APP), 400, "'limit' must be a whole number from 1 to 150");
        assertError(hub.get(A + "?agg=median&interval=1000", APP), 400, "'agg' must be one of avg, min, max, sum, count");
        assertError(hub.get(A + "?agg=avg", APP), 400, "'agg' needs 'interval'");
        assertError(hub.get(A + "?interval=1000", APP), 400, "'interval' needs 'agg'");
        assertError(hub.get(A + "?agg=avg&interval=0", APP), 400, "'interval' must be a whole number of milliseconds");
        assertError(hub.get(A + "?agg=avg&interval=1h", APP), 400, "'interval' must be a whole number of milliseconds");
        assertError(hub.get(A + "?keys=a,,b", APP), 400, "'keys'");
        assertError(hub.get(A + "?keys=" + "k".repeat(65), APP), 400, "'keys' names a key longer than 64");
        assertError(hub.get(A + "/latest?keys=a,", APP), 400, "'keys'");
    }

    @Test
    void latestGivesTheNewestPointOfEachKey() {
        assertThat(json(hub.get(A + "/latest", APP))).isEqualTo(tree("{"
                + "\"door\":{\"ts\":" + (T0 + 1000) + ",\"value\":true},"
                + "\"state\":{\"ts\":" + (T0 + 1000) + ",\"value\":\"open\"},"
                + "\"temp\":{\"ts\":" + (T0 + 4000) + ",\"value\":24}}"));
        assertThat(json(hub.get(A + "/latest?keys=temp,nothing", APP)).toString())
                .isEqualTo("{\"temp\":{\"ts\":" + (T0 + 4000) + ",\"value\":24}}");
    }

    @Test
    void devicesCannotReadTelemetryNotEvenTheirOwn() {
        assertError(hub.get(A, deviceToken), 403, "a device token cannot read telemetry");
        assertError(hub.get(A + "/latest", deviceToken), 403, "a device token cannot read telemetry");
    }

    @Test
    void applicationsReadOnlyTheirThingsAndUnknownThingsAre404() {
        assertError(hub.get("/api/v1/things/dev-b/telemetry", APP), 403, "not allowed");
        assertError(hub.get("/api/v1/things/dev-b/telemetry/latest", APP), 403, "not allowed");
        assertError(hub.get("/api/v1/things/app-ghost/telemetry", APP), 404, "no thing 'app-ghost'");
        assertError(hub.get("/api/v1/things/ghost/telemetry/latest", ADMIN), 404, "no thing 'ghost'");
        assertError(hub.get(A, null), 401, "bearer");
    }
}
