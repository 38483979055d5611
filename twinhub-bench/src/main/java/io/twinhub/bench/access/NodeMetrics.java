package io.twinhub.bench.access;

import io.twinhub.bench.safety.Loopback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A node's {@code GET /metrics} (open by default; a token is sent when one is known, for nodes that
 * require it). Loopback only, like every target of the bench.
 */
public final class NodeMetrics {

    private final URI metrics;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the node's REST API, e.g. http://127.0.0.1:8080; @param token a bearer token or null */
    public NodeMetrics(URI base, String token) {
        if (base.getHost() == null || !"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the node's API must be http://HOST:PORT, got '" + base + "'");
        }
        Loopback.requireLoopback(base.getHost().replace("[", "").replace("]", ""));
        this.metrics = base.resolve("/metrics");
        this.token = token == null || token.isBlank() ? null : token;
    }

    public URI uri() {
        return metrics;
    }

    /** Samples whose names start with {@code prefix}, keyed by name and labels, e.g. {@code x_total{reason="invalid"}}. */
    public Map<String, Double> read(String prefix) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + metrics + ": HTTP " + answer.statusCode());
        }
        return HubApi.parseCounters(answer.body(), prefix);
    }
}
