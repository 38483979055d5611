package io.twinhub.http;

import io.twinhub.core.store.StoreUnavailableException;
import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.twinhub.http.ThingsApiTest.assertError;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure answers with a JSON error body and the status a client can act on. */
class ErrorResponsesTest {

    private TestHub hub = TestHub.start(s -> s.withMaxBodyBytes(1024));

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void unknownPathIs404() {
        assertError(hub.get("/nothing/here", ADMIN), 404, "no such endpoint: /nothing/here");
        assertError(hub.get("/api/v1/things/a/b/c", ADMIN), 404, "no such endpoint");
        assertError(hub.get("/", null), 404, "no such endpoint");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> r = hub.send("PUT", "/api/v1/things/x", ADMIN, "{}");
        assertError(r, 405, "method PUT is not allowed");
        assertThat(r.headers().firstValue("allow")).hasValue("DELETE, GET, PATCH");
        assertError(hub.send("DELETE", "/health/live", null, null), 405, "allowed: GET");
    }

    @Test
    void nonJsonBodyIs415() {
        HttpResponse<String> r = hub.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .POST(HttpRequest.BodyPublishers.ofString("id=x"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + ADMIN).build());
        assertError(r, 415, "Content-Type: application/json");

        HttpResponse<String> untyped = hub.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\"}"))
                .header("Authorization", "Bearer " + ADMIN).build());
        assertError(untyped, 415, "must be JSON");
        assertThat(hub.registry.get("x")).isEmpty();
    }

    @Test
    void bodyOverTheLimitIs413ByContentLength() {
        String big = "{\"id\":\"big\",\"attributes\":{\"blob\":\"" + "x".repeat(4000) + "\"}}";

        HttpResponse<String> r = hub.post("/api/v1/things", ADMIN, big);

        assertError(r, 413, "larger than 1024 bytes");
        assertThat(hub.registry.get("big")).isEmpty();
        // the connection stays usable: the rest of the body was read and dropped
        assertThat(hub.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedBodyOverTheLimitIs413WhileReading() {
        byte[] big = ("{\"id\":\"big\",\"attributes\":{\"blob\":\"" + "x".repeat(4000) + "\"}}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN).build();

        HttpResponse<String> r = hub.send(request);

        assertError(r, 413, "larger than 1024 bytes");
        assertThat(hub.registry.get("big")).isEmpty();
    }

    @Test
    void unexpectedFailureIs500WithoutDetails() {
        hub.registry.onCall = () -> {
            throw new IllegalStateException("secret internal detail at com.example.Foo");
        };

        HttpResponse<String> r = hub.get("/api/v1/things/t", ADMIN);

        assertError(r, 500, "internal error");
        assertThat(r.body()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("at ");
    }

    @Test
    void storeRefusingWritesIs503ForChangesOnly() {
        hub.post("/api/v1/things", ADMIN, "{\"id\":\"kept\"}");
        hub.storeProblem.set("disk full");

        assertError(hub.post("/api/v1/things", ADMIN, "{\"id\":\"new\"}"), 503, "cannot store changes");
        assertError(hub.send("PATCH", "/api/v1/things/kept", ADMIN, "{\"attributes\":{\"a\":1}}"), 503, "cannot store");
        assertError(hub.send("DELETE", "/api/v1/things/kept", ADMIN, null), 503, "cannot store");
        assertError(hub.post("/api/v1/things/kept/token", ADMIN, null), 503, "cannot store");
        assertThat(hub.get("/api/v1/things/kept", ADMIN).statusCode()).isEqualTo(200);
        assertThat(hub.registry.get("new")).isEmpty();
    }

    @Test
    void storeFailureDuringACallIs503() {
        hub.registry.onCall = () -> {
            throw new StoreUnavailableException("write failed: No space left on device");
        };

        HttpResponse<String> r = hub.post("/api/v1/things", ADMIN, "{\"id\":\"x\"}");

        assertError(r, 503, "cannot store changes");
        assertThat(r.body()).doesNotContain("No space");
    }

    @Test
    void fullWorkerPoolIs503() throws Exception {
        hub.close();
        hub = TestHub.start(s -> s.withWorkers(1, 1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        hub.registry.onCall = () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        calls.add(CompletableFuture.supplyAsync(() -> hub.get("/api/v1/things/a", ADMIN)));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        calls.add(CompletableFuture.supplyAsync(() -> hub.get("/api/v1/things/b", ADMIN)));
        Thread.sleep(200); // the second waits in the queue

        HttpResponse<String> third = hub.get("/api/v1/things/c", ADMIN);

        assertError(third, 503, "busy");
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertThat(c.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        }
    }
}
