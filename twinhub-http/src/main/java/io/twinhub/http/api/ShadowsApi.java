package io.twinhub.http.api;

import io.twinhub.http.HealthCheck;
import io.twinhub.http.routing.ApiException;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Json;
import io.twinhub.http.routing.Route;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowService;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/v1/things/{id}/shadow} and {@code /shadows}: device shadows over REST (contract §3).
 * The shadow service answers with the contract's accepted or rejected body; this class only turns
 * HTTP into shadow requests and back (status, {@code ETag}, {@code If-Match}).
 *
 * <p>Threads: handlers run on an event loop and never block; the service's futures complete on
 * its own threads, and the router hands the answer back to the connection's event loop.
 */
public final class ShadowsApi {

    private static final byte[] NO_PAYLOAD = new byte[0];

    private final ShadowService shadows;
    private final HealthCheck writes;

    /** @param shadows the service, or null: every shadow endpoint then answers 503 */
    public ShadowsApi(ShadowService shadows, HealthCheck writes) {
        this.shadows = shadows;
        this.writes = writes;
    }

    public List<Route> routes() {
        String shadow = ThingsApi.BASE + "/{id}/shadow";
        return List.of(
                Route.authenticated("GET", shadow, this::get),
                Route.authenticated("POST", shadow, this::update),
                Route.authenticated("DELETE", shadow, this::delete),
                Route.authenticated("GET", ThingsApi.BASE + "/{id}/shadows", this::names));
    }

    private CompletionStage<ApiResponse> get(ApiRequest req) {
        ShadowRef ref = permittedShadow(req);
        return service().request(ref, ShadowOperation.GET, NO_PAYLOAD, ShadowService.ANY_VERSION)
                .thenApply(ShadowsApi::answer);
    }

    private CompletionStage<ApiResponse> update(ApiRequest req) {
        ShadowRef ref = permittedShadow(req);
        OptionalLong expected = IfMatch.expectedVersion(req.header("if-match"));
        if (expected.isEmpty()) {
            // The same rejection as a bad "version" in the body gets.
            return CompletableFuture.completedFuture(rejected(400, IfMatch.INVALID_VERSION));
        }
        ThingsApi.requireJsonContentType(req);
        ShadowService service = service();
        ThingsApi.requireWritable(writes);
        return service.request(ref, ShadowOperation.UPDATE, req.body(), expected.getAsLong())
                .thenApply(ShadowsApi::answer);
    }

    private CompletionStage<ApiResponse> delete(ApiRequest req) {
        ShadowRef ref = permittedShadow(req);
        IfMatch.refuseOnDelete(req.header("if-match"));
        ThingsApi.requireJsonContentType(req);
        ShadowService service = service();
        ThingsApi.requireWritable(writes);
        return service.request(ref, ShadowOperation.DELETE, req.body(), ShadowService.ANY_VERSION)
                .thenApply(ShadowsApi::answer);
    }

    private CompletionStage<ApiResponse> names(ApiRequest req) {
        String id = ThingsApi.validId(req.pathParam("id"));
        ThingAccess.requireRead(req.principal(), id);
        return service().names(id).thenApply(names -> ApiResponse.json(200, Map.of("names", names)));
    }

    /** The shadow the request names, after checking the id, the name and the caller's right to it. */
    private static ShadowRef permittedShadow(ApiRequest req) {
        String id = ThingsApi.validId(req.pathParam("id"));
        String name = req.queryParam("name");
        // An empty name is the classic shadow, as it is listed by /shadows.
        if (name == null) {
            name = "";
        }
        if (!name.isEmpty() && !ShadowRef.isValidName(name)) {
            throw ApiException.badRequest("invalid shadow name: 1 to 64 characters of A-Z a-z 0-9 _ - are allowed");
        }
        ThingAccess.requireRead(req.principal(), id);
        return new ShadowRef(id, name);
    }

    private ShadowService service() {
        if (shadows == null) {
            throw new ApiException(503, "this node does not serve device shadows");
        }
        return shadows;
    }

    /** A shadow rejection made here rather than by the service: {@code {"code","message","timestamp"}}. */
    private static ApiResponse rejected(int code, String message) {
        Map<String, Object> body = Json.error(code, message);
        body.put("timestamp", Instant.now().getEpochSecond());
        return ApiResponse.json(code, body);
    }

    /** The service's body as is, with the status it gives; an accepted answer carries the version as ETag. */
    private static ApiResponse answer(ShadowReply reply) {
        ApiResponse response = new ApiResponse(reply.status(), ApiResponse.JSON, reply.body(), Map.of());
        return reply.accepted() && reply.version() > 0 ? response.withHeader("etag", IfMatch.etag(reply.version())) : response;
    }
}
