package io.twinhub.http.routing;

import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.Permissions;
import io.twinhub.core.auth.Principal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** Route matching and the mapping of authentication outcomes to statuses, without a network. */
class RouterTest {

    /** Answers each token by its name: "admin" is accepted, "slow-down" rate limited, "down" unavailable, "no" not authorized. */
    private static final Authenticator BY_NAME = new Authenticator() {
        @Override
        public CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
            AuthOutcome outcome = switch (token) {
                case "admin" -> new AuthOutcome.Accepted(new Principal(Principal.Kind.ADMIN, "a", Permissions.ALL));
                case "slow-down" -> new AuthOutcome.Refused(AuthOutcome.Reason.RATE_LIMITED, null);
                case "down" -> new AuthOutcome.Refused(AuthOutcome.Reason.UNAVAILABLE, null);
                case "no" -> new AuthOutcome.Refused(AuthOutcome.Reason.NOT_AUTHORIZED, "anonymous access is off");
                default -> new AuthOutcome.Refused(AuthOutcome.Reason.BAD_CREDENTIALS, "");
            };
            return CompletableFuture.completedFuture(outcome);
        }
    };

    private final Router router = new Router(BY_NAME, List.of(
            Route.authenticated("GET", "/things/{id}/parts/{part}", req -> CompletableFuture.completedFuture(
                    ApiResponse.text(200, "text/plain", req.pathParam("id") + "/" + req.pathParam("part")
                            + " by " + req.principal().name()))),
            Route.open("GET", "/open", req -> {
                throw ApiException.badRequest("handler said no");
            })));

    private ApiResponse call(String method, String path, String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
        ApiRequest req = new ApiRequest(method, path, Map.of(), headers, new byte[0], "127.0.0.1", Map.of(), null);
        return router.dispatch(req).toCompletableFuture().join();
    }

    private static String body(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void pathParametersAreCaptured() {
        ApiResponse r = call("GET", "/things/t-1/parts/p:2", "admin");
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("t-1/p:2 by a");
    }

    @Test
    void emptySegmentsDoNotMatchParameters() {
        assertThat(call("GET", "/things//parts/x", "admin").status()).isEqualTo(404);
        assertThat(call("GET", "/things/a/parts/x/", "admin").status()).isEqualTo(404);
    }

    @Test
    void refusalsMapToStatuses() {
        assertThat(call("GET", "/things/a/parts/b", "wrong").status()).isEqualTo(401);
        assertThat(body(call("GET", "/things/a/parts/b", "wrong"))).contains("invalid token");
        ApiResponse limited = call("GET", "/things/a/parts/b", "slow-down");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsKey("retry-after");
        assertThat(call("GET", "/things/a/parts/b", "down").status()).isEqualTo(503);
        ApiResponse forbidden = call("GET", "/things/a/parts/b", "no");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(body(forbidden)).isEqualTo("{\"code\":403,\"message\":\"anonymous access is off\"}");
    }

    @Test
    void handlerExceptionsBecomeErrorBodies() {
        ApiResponse r = call("GET", "/open", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r)).isEqualTo("{\"code\":400,\"message\":\"handler said no\"}");
    }
}
