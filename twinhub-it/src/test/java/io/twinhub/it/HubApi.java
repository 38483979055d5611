package io.twinhub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The node's REST API as a client sees it: plain HTTP/1.1 requests with a bearer token, the
 * status and the JSON body of each answer. Every call is bounded.
 */
public final class HubApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String base;

    /** @param port the node's HTTP port on 127.0.0.1 */
    public HubApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One answer: the status, the body as JSON (a missing node when there is none) and the headers. */
    public record Answer(int status, JsonNode body, HttpHeaders headers) {
        public String text(String field) {
            return body.path(field).asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Answer delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** POST without a body (heartbeat, token rotation) when {@code json} is null. */
    public Answer post(String path, String token, String json) {
        return send(withBody(request(path, token), "POST", json));
    }

    public Answer patch(String path, String token, String json) {
        return send(withBody(request(path, token), "PATCH", json));
    }

    /** A GET whose answer is not JSON ({@code /metrics}): the status must be 200; returns the body. */
    public String text(String path) {
        try {
            HttpResponse<String> r = http.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a device with an admin (or application) token; returns the device token. */
    public String createDevice(String adminToken, String id) {
        Answer a = post("/api/v1/things", adminToken, "{\"id\":\"" + id + "\"}");
        if (a.status() != 201) {
            throw new AssertionError("creating " + id + ": " + a);
        }
        return a.text("token");
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder b, String method, String json) {
        if (json == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body, r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
