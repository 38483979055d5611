package io.twinhub.http.routing;

import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.Authenticator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the route of a request (404 for an unknown path, 405 for a known path with another
 * method), checks its bearer token when the route needs one (401, 403, 429, 503), and calls the
 * handler. Runs on an event loop; never blocks.
 */
public final class Router {

    private static final String BEARER = "bearer ";

    private final List<Compiled> routes = new ArrayList<>();
    private final Authenticator authenticator;

    private record Compiled(Route route, PathTemplate template) { }

    public Router(Authenticator authenticator, List<Route> routes) {
        this.authenticator = authenticator;
        for (Route r : routes) {
            this.routes.add(new Compiled(r, new PathTemplate(r.path())));
        }
    }

    /** The answer to {@code request}; never completes exceptionally (errors become JSON error responses). */
    public CompletionStage<ApiResponse> dispatch(ApiRequest request) {
        CompletionStage<ApiResponse> answer;
        try {
            answer = route(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> error == null ? response : Errors.toResponse(error));
    }

    private CompletionStage<ApiResponse> route(ApiRequest request) {
        List<String> segments = PathTemplate.split(request.path());
        TreeSet<String> allowed = new TreeSet<>();
        for (Compiled c : routes) {
            Map<String, String> params = c.template().match(segments);
            if (params == null) {
                continue;
            }
            if (!c.route().method().equals(request.method())) {
                allowed.add(c.route().method());
                continue;
            }
            ApiRequest matched = request.matched(params);
            return c.route().needsToken() ? authenticateThen(matched, c.route().handler()) : c.route().handler().handle(matched);
        }
        if (!allowed.isEmpty()) {
            return CompletableFuture.completedFuture(
                    ApiResponse.error(405, "method " + request.method() + " is not allowed on " + request.path()
                                    + " (allowed: " + String.join(", ", allowed) + ")")
                            .withHeader("allow", String.join(", ", allowed)));
        }
        return CompletableFuture.completedFuture(ApiResponse.error(404, "no such endpoint: " + request.path()));
    }

    private CompletionStage<ApiResponse> authenticateThen(ApiRequest request, RequestHandler handler) {
        String header = request.header("authorization");
        if (header == null) {
            return unauthorized("missing bearer token (send 'Authorization: Bearer <token>')");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return authenticator.authenticateBearer(token, request.remoteAddress()).thenCompose(outcome -> switch (outcome) {
            case AuthOutcome.Accepted accepted -> handler.handle(request.authenticated(accepted.principal()));
            case AuthOutcome.Refused refused -> CompletableFuture.completedFuture(refusal(refused));
        });
    }

    private static ApiResponse refusal(AuthOutcome.Refused refused) {
        String message = refused.message() == null || refused.message().isBlank() ? null : refused.message();
        return switch (refused.reason()) {
            case BAD_CREDENTIALS -> unauthorizedResponse(message != null ? message : "invalid token");
            case NOT_AUTHORIZED -> ApiResponse.error(403, message != null ? message : "not allowed");
            case RATE_LIMITED -> ApiResponse.error(429, message != null ? message : "too many failed attempts, try later")
                    .withHeader("retry-after", "10");
            case UNAVAILABLE -> ApiResponse.error(503, message != null ? message : "credentials cannot be checked right now");
        };
    }

    private static CompletionStage<ApiResponse> unauthorized(String message) {
        return CompletableFuture.completedFuture(unauthorizedResponse(message));
    }

    private static ApiResponse unauthorizedResponse(String message) {
        return ApiResponse.error(401, message).withHeader("www-authenticate", "Bearer realm=\"twinhub\"");
    }
}
