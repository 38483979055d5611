package io.twinhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The shadow endpoints of contract §3 "REST", as an admin uses them. */
class ShadowsApiTest {

    private static final String SHADOW = "/api/v1/things/pump-7/shadow";

    private final TestHub hub = TestHub.start();

    @AfterEach
    void stop() {
        hub.close();
    }

    private HttpResponse<String> update(String path, String ifMatch, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN);
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return hub.send(b.build());
    }

    /** A contract rejection: the status, and the same code in the rejected body. */
    static void assertRejected(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(r.headers().firstValue("etag")).isEmpty();
    }

    @Test
    void aShadowThatNeverExistedIs404() {
        assertRejected(hub.get(SHADOW, ADMIN), 404);
        assertRejected(hub.get(SHADOW + "?name=config", ADMIN), 404);
        assertRejected(hub.send("DELETE", SHADOW, ADMIN, null), 404);
    }

    @Test
    void updateCreatesTheShadowAndGetReturnsItsDocumentWithTheVersionAsETag() {
        HttpResponse<String> accepted = hub.post(SHADOW, ADMIN,
                "{\"state\":{\"desired\":{\"rpm\":1200,\"mode\":\"eco\"},\"reported\":{\"rpm\":900}},\"clientToken\":\"c-1\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("etag")).hasValue("\"1\"");
        JsonNode body = json(accepted);
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("state").get("desired").get("rpm").asInt()).isEqualTo(1200);
        assertThat(body.get("clientToken").asText()).isEqualTo("c-1");
        assertThat(body.get("timestamp").asLong()).isPositive();

        HttpResponse<String> got = hub.get(SHADOW, ADMIN);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(got.headers().firstValue("etag")).hasValue("\"1\"");
        JsonNode doc = json(got);
        assertThat(doc.get("version").asLong()).isEqualTo(1);
        assertThat(doc.get("state").get("desired").get("mode").asText()).isEqualTo("eco");
        assertThat(doc.get("state").get("reported").get("rpm").asInt()).isEqualTo(900);
        assertThat(doc.get("state").get("delta").get("rpm").asInt()).isEqualTo(1200);
        assertThat(doc.get("state").get("delta").get("mode").asText()).isEqualTo("eco");
        assertThat(doc.get("metadata").get("desired").get("rpm").get("timestamp").asLong()).isPositive();
    }

    @Test
    void ifMatchWithTheCurrentVersionIsAcceptedAndAnOtherVersionIs409() {
        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":1}}}");

        HttpResponse<String> matched = update(SHADOW, "\"1\"", "{\"state\":{\"reported\":{\"t\":2}}}");
        assertThat(matched.statusCode()).as(matched.body()).isEqualTo(200);
        assertThat(matched.headers().firstValue("etag")).hasValue("\"2\"");

        assertRejected(update(SHADOW, "\"1\"", "{\"state\":{\"reported\":{\"t\":3}}}"), 409);
        assertRejected(update(SHADOW, "\"7\"", "{\"state\":{\"reported\":{\"t\":3}}}"), 409);
        assertThat(json(hub.get(SHADOW, ADMIN)).get("state").get("reported").get("t").asInt()).isEqualTo(2);

        HttpResponse<String> any = update(SHADOW, "*", "{\"state\":{\"reported\":{\"t\":4}}}");
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        assertThat(any.headers().firstValue("etag")).hasValue("\"3\"");
    }

    @Test
    void theBodysVersionIsCheckedLikeIfMatchAndBothMustMatchWhenBothAreGiven() {
        assertRejected(update(SHADOW, "\"1\"", "{\"state\":{\"reported\":{\"t\":1}}}"), 409);
        HttpResponse<String> created = update(SHADOW, "\"0\"", "{\"state\":{\"reported\":{\"t\":1}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertRejected(update(SHADOW, "\"0\"", "{\"state\":{\"reported\":{\"t\":1}}}"), 409);

        assertRejected(hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":2}},\"version\":5}"), 409);
        assertRejected(update(SHADOW, "\"1\"", "{\"state\":{\"reported\":{\"t\":2}},\"version\":5}"), 409);
        assertRejected(update(SHADOW, "\"5\"", "{\"state\":{\"reported\":{\"t\":2}},\"version\":1}"), 409);
        HttpResponse<String> r = update(SHADOW, "\"1\"", "{\"state\":{\"reported\":{\"t\":2}},\"version\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("etag")).hasValue("\"2\"");
    }

    @Test
    void aMalformedIfMatchIs400AndChangesNothing() {
        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":1}}}");

        for (String bad : new String[] {"1", "\"x\"", "W/\"1\"", "\"1\", \"2\"", "\"\"", "\"-1\"", "\"99999999999999999999\""}) {
            HttpResponse<String> r = update(SHADOW, bad, "{\"state\":{\"reported\":{\"t\":9}}}");
            assertRejected(r, 400);
            assertThat(json(r).get("message").asText()).as(bad).isEqualTo("Invalid version");
        }
        HttpResponse<String> after = hub.get(SHADOW, ADMIN);
        assertThat(after.headers().firstValue("etag")).hasValue("\"1\"");
        assertThat(json(after).get("state").get("reported").get("t").asInt()).isEqualTo(1);
    }

    @Test
    void invalidUpdatesGetTheServicesRejection() {
        assertRejected(hub.post(SHADOW, ADMIN, "{\"state\":"), 400);
        assertRejected(hub.post(SHADOW, ADMIN, "{\"clientToken\":\"no-state\"}"), 400);
        assertRejected(hub.post(SHADOW, ADMIN, "[1,2]"), 400);
        assertRejected(hub.send("POST", SHADOW, ADMIN, null), 400);
        assertRejected(hub.get(SHADOW, ADMIN), 404);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri(SHADOW))
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":{\"reported\":{\"t\":1}}}"))
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + ADMIN).build());
        assertError(r, 415, "Content-Type");
        assertRejected(hub.get(SHADOW, ADMIN), 404);
    }

    @Test
    void aShadowLargerThanTheLimitIs413() {
        String big = "x".repeat(9 * 1024);
        assertRejected(hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"blob\":\"" + big + "\"}}}"), 413);
        assertRejected(hub.get(SHADOW, ADMIN), 404);
    }

    @Test
    void aBodyOverTheHttpLimitIs413BeforeTheShadowServiceSeesIt() {
        try (TestHub small = TestHub.start(s -> s.withMaxBodyBytes(1024))) {
            String body = "{\"state\":{\"reported\":{\"blob\":\"" + "x".repeat(2000) + "\"}}}";
            HttpResponse<String> r = small.post(SHADOW, ADMIN, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(json(r).get("code").asInt()).isEqualTo(413);
            assertThat(small.get(SHADOW, ADMIN).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void invalidThingIdsAndShadowNamesAre400() {
        assertError(hub.get("/api/v1/things/bad%20id/shadow", ADMIN), 400, "invalid thing id");
        assertError(hub.post("/api/v1/things/" + "x".repeat(129) + "/shadow", ADMIN, "{\"state\":{}}"), 400,
                "invalid thing id");
        assertError(hub.get("/api/v1/things/bad%20id/shadows", ADMIN), 400, "invalid thing id");
        assertError(hub.get(SHADOW + "?name=has.dot", ADMIN), 400, "invalid shadow name");
        assertError(hub.get(SHADOW + "?name=has%20space", ADMIN), 400, "invalid shadow name");
        assertError(hub.post(SHADOW + "?name=" + "n".repeat(65), ADMIN, "{\"state\":{\"reported\":{}}}"), 400,
                "invalid shadow name");
        assertError(hub.send("DELETE", SHADOW + "?name=a/b", ADMIN, null), 400, "invalid shadow name");
        assertThat(json(hub.get("/api/v1/things/pump-7/shadows", ADMIN)).get("names").size()).isZero();
    }

    @Test
    void namedShadowsAreSeparateFromTheClassicOneAndListed() {
        assertThat(json(hub.get("/api/v1/things/pump-7/shadows", ADMIN)).get("names").size()).isZero();

        HttpResponse<String> named = hub.post(SHADOW + "?name=config", ADMIN, "{\"state\":{\"desired\":{\"interval\":30}}}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        assertThat(named.headers().firstValue("etag")).hasValue("\"1\"");
        assertRejected(hub.get(SHADOW, ADMIN), 404);

        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"on\":true}}}");
        hub.post(SHADOW + "?name=alarms", ADMIN, "{\"state\":{\"reported\":{\"count\":0}}}");
        hub.post("/api/v1/things/pump-8/shadow?name=other", ADMIN, "{\"state\":{\"reported\":{\"x\":1}}}");

        JsonNode config = json(hub.get(SHADOW + "?name=config", ADMIN));
        assertThat(config.get("state").get("desired").get("interval").asInt()).isEqualTo(30);
        assertThat(config.get("state").has("reported")).isFalse();
        assertThat(json(hub.get(SHADOW + "?name=", ADMIN)).get("state").get("reported").get("on").asBoolean()).isTrue();

        HttpResponse<String> names = hub.get("/api/v1/things/pump-7/shadows", ADMIN);
        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(json(names).get("names").toString()).isEqualTo("[\"\",\"alarms\",\"config\"]");
    }

    @Test
    void aDeleteIsNeverConditional() {
        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":1}}}");

        assertError(hub.send(HttpRequest.newBuilder(hub.uri(SHADOW)).DELETE()
                .header("If-Match", "\"1\"").header("Authorization", "Bearer " + ADMIN).build()), 400, "If-Match");
        assertThat(hub.get(SHADOW, ADMIN).statusCode()).isEqualTo(200);

        HttpResponse<String> any = hub.send(HttpRequest.newBuilder(hub.uri(SHADOW)).DELETE()
                .header("If-Match", "*").header("Authorization", "Bearer " + ADMIN).build());
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        assertRejected(hub.get(SHADOW, ADMIN), 404);
    }

    @Test
    void deleteAnswersTheLastVersionAndALaterUpdateContinuesFromIt() {
        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":1}}}");
        hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":2}}}");

        HttpResponse<String> deleted = hub.send("DELETE", SHADOW, ADMIN, "{\"clientToken\":\"d-1\"}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode body = json(deleted);
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(body.get("timestamp").asLong()).isPositive();
        assertThat(body.get("clientToken").asText()).isEqualTo("d-1");

        assertRejected(hub.get(SHADOW, ADMIN), 404);
        assertRejected(hub.send("DELETE", SHADOW, ADMIN, null), 404);
        assertThat(json(hub.get("/api/v1/things/pump-7/shadows", ADMIN)).get("names").size()).isZero();

        HttpResponse<String> recreated = hub.post(SHADOW, ADMIN, "{\"state\":{\"reported\":{\"t\":3}}}");
        assertThat(recreated.statusCode()).isEqualTo(200);
        assertThat(json(recreated).get("version").asLong()).isEqualTo(3);
        assertThat(recreated.headers().firstValue("etag")).hasValue("\"3\"");
        assertThat(json(hub.get(SHADOW, ADMIN)).get("state").get("reported").has("t")).isTrue();
    }

    @Test
    void concurrentUpdatesAreAllAnsweredEachWithItsOwnVersion() throws Exception {
        int n = 24;
        HttpClient client = HttpClient.newHttpClient();
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(hub.uri(SHADOW)).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"state\":{\"reported\":{\"k" + i + "\":" + i + "}}}"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> etags = new HashSet<>();
            for (var answer : answers) {
                HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("etag").orElseThrow()).isEqualTo("\"" + json(r).get("version").asLong() + "\"");
                etags.add(r.headers().firstValue("etag").orElseThrow());
            }
            assertThat(etags).hasSize(n);
            HttpResponse<String> doc = hub.get(SHADOW, ADMIN);
            assertThat(doc.headers().firstValue("etag")).hasValue("\"" + n + "\"");
            assertThat(json(doc).get("state").get("reported").size()).isEqualTo(n);
        } finally {
            client.close();
        }
    }
}
