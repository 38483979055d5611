package io.twinhub.bench.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.safety.Loopback;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few calls of a node's REST API (docs/HTTP-API.md) the connect scenario needs: create a
 * device (its token comes back once), rotate a token, read counters from {@code /metrics}.
 * Loopback only, like every target of the bench.
 */
public final class HubApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /** What creating one device answered. */
    public sealed interface Answer {
        /** Created (or its token rotated because the id existed): the device token. */
        record Token(String token) implements Answer { }

        /** 429 or 503: the node asks us to come back later. */
        record Busy(int status) implements Answer { }
    }

    public HubApi(URI base, String token) {
        if (base.getHost() == null || !"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("--api-url must be http://HOST:PORT, got '" + base + "'");
        }
        Loopback.requireLoopback(base.getHost().replace("[", "").replace("]", ""));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token is needed to create devices: give --api-token "
                    + "(or set TWINHUB_TOKEN)");
        }
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static HubApi parse(String url, String token) {
        try {
            String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return new HubApi(new URI(u), token);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad --api-url '" + url + "': " + e.getMessage());
        }
    }

    public URI base() {
        return base;
    }

    /**
     * {@code POST /api/v1/things} for {@code id}; when the id is taken (409, e.g. a second run
     * against the same node), its token is rotated instead so the run still learns a valid one.
     *
     * @throws IOException on any other answer, with the node's message
     */
    public Answer createDevice(String id) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("id", id, "attributes", Map.of("bench", true)));
        HttpResponse<String> r = send(request("/api/v1/things").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() == 409) {
            r = send(request("/api/v1/things/" + id + "/token").POST(HttpRequest.BodyPublishers.noBody()).build());
        }
        return switch (r.statusCode()) {
            case 200, 201 -> new Answer.Token(tokenOf(r.body(), id));
            case 429, 503 -> new Answer.Busy(r.statusCode());
            default -> throw new IOException("creating device " + id + ": HTTP " + r.statusCode() + " " + r.body());
        };
    }

    /**
     * The node's counters from {@code /metrics} whose names start with {@code prefix}, keyed by
     * the full sample name including labels, e.g. {@code twinhub_auth_attempts_total{result="busy"}}.
     */
    public Map<String, Double> counters(String prefix) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/metrics").GET().build());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics: HTTP " + r.statusCode());
        }
        return parseCounters(r.body(), prefix);
    }

    /** Prometheus text format: "name{labels} value" lines, comments skipped. */
    static Map<String, Double> parseCounters(String text, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(prefix)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                try {
                    out.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return out;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenOf(String body, String id) throws IOException {
        JsonNode token = JSON.readTree(body).get("token");
        if (token == null || !token.isTextual()) {
            throw new IOException("the answer for device " + id + " carries no token");
        }
        return token.asText();
    }
}
