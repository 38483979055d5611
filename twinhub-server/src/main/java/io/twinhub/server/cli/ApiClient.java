package io.twinhub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** A small client of the node's REST API for the command line; failures become {@link ApiCallException}. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A successful answer: its status and body (null for 204). */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new ApiCallException("the node answered something that is not JSON: " + e.getMessage(), e);
            }
        }
    }

    private final String base;
    private final String token;

    ApiClient(String url, String token) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    Answer call(String method, String path, Map<String, String> query, Object body) {
        URI uri;
        try {
            uri = URI.create(base + path + queryString(query));
        } catch (IllegalArgumentException e) {
            throw new ApiCallException("not a valid URL: " + base + " (--url)", e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
            try {
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new ApiCallException("cannot write the request: " + e.getMessage(), e);
            }
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(uri, b.build());
        if (response.statusCode() >= 400) {
            throw new ApiCallException(errorMessage(response));
        }
        return new Answer(response.statusCode(), response.statusCode() == 204 ? null : response.body());
    }

    private HttpResponse<String> send(URI uri, HttpRequest request) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiCallException("cannot reach " + base + ": connection refused (is the node running? check --url)", e);
        } catch (HttpTimeoutException e) {
            throw new ApiCallException("no answer from " + base + " in time", e);
        } catch (IOException e) {
            throw new ApiCallException("cannot talk to " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException("interrupted", e);
        } finally {
            client.shutdownNow();
        }
    }

    private String errorMessage(HttpResponse<String> response) {
        String message;
        try {
            JsonNode error = JSON.readTree(response.body());
            message = error.path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        if (message.isEmpty()) {
            message = "request failed";
        }
        String hint = response.statusCode() == 401 && token == null ? "; give a token with --token or TWINHUB_TOKEN" : "";
        return message + " (HTTP " + response.statusCode() + ")" + hint;
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> {
            if (v != null) {
                j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return j.length() == 1 ? "" : j.toString();
    }

    static String path(String id) {
        return "/api/v1/things/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
