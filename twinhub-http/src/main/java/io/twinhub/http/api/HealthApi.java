package io.twinhub.http.api;

import io.twinhub.http.HealthCheck;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (every readiness check
 * passes). Both without a token, for load balancers and orchestrators; neither reveals more than
 * the names of failing checks and a short reason.
 */
public final class HealthApi {

    private final Map<String, HealthCheck> checks;

    public HealthApi(Map<String, HealthCheck> checks) {
        this.checks = new TreeMap<>(checks);
    }

    public List<Route> routes() {
        return List.of(
                Route.open("GET", "/health/live", req -> CompletableFuture.completedFuture(
                        ApiResponse.json(200, Map.of("status", "live")))),
                Route.open("GET", "/health/ready", req -> CompletableFuture.completedFuture(ready())));
    }

    private ApiResponse ready() {
        Map<String, String> results = new LinkedHashMap<>();
        List<String> failing = new java.util.ArrayList<>();
        checks.forEach((name, check) -> {
            Optional<String> problem;
            try {
                problem = check.problem();
            } catch (RuntimeException e) {
                problem = Optional.of("check failed");
            }
            results.put(name, problem.orElse("ok"));
            problem.ifPresent(p -> failing.add(name));
        });
        Map<String, Object> body = new LinkedHashMap<>();
        if (failing.isEmpty()) {
            body.put("status", "ready");
            body.put("checks", results);
            return ApiResponse.json(200, body);
        }
        body.put("code", 503);
        body.put("message", "not ready: " + String.join(", ", failing));
        body.put("checks", results);
        return ApiResponse.json(503, body);
    }
}
