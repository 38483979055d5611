package io.twinhub.http.api;

import io.twinhub.core.auth.Principal;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.http.HealthCheck;
import io.twinhub.http.TelemetryEndpoints;
import io.twinhub.http.routing.ApiException;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Route;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.query.TelemetryQuery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/v1/things/{id}/telemetry}: a device's telemetry over REST (contract §4). A POST is
 * stored by the telemetry service, which also routes it, as a QoS 1 message, to the MQTT
 * subscribers of {@code $twin/things/{id}/telemetry}; GETs read what is stored.
 *
 * <p>Threads: handlers run on an event loop and never block. The registry and the queries run on
 * the worker pool; the ingest answer comes on a telemetry thread; the router hands every answer
 * back to the connection's event loop.
 */
public final class TelemetryApi {

    private final TelemetryEndpoints telemetry;
    private final DeviceRegistry registry;
    private final HealthCheck writes;
    private final BlockingWork work;

    /** @param telemetry what serves telemetry, or null: every telemetry endpoint then answers 503 */
    public TelemetryApi(TelemetryEndpoints telemetry, DeviceRegistry registry, HealthCheck writes, BlockingWork work) {
        this.telemetry = telemetry;
        this.registry = registry;
        this.writes = writes;
        this.work = work;
    }

    public List<Route> routes() {
        String base = ThingsApi.BASE + "/{id}/telemetry";
        return List.of(
                Route.authenticated("POST", base, this::post),
                Route.authenticated("GET", base, this::query),
                Route.authenticated("GET", base + "/latest", this::latest));
    }

    private CompletionStage<ApiResponse> post(ApiRequest req) {
        String id = ThingsApi.validId(req.pathParam("id"));
        // Whoever may write the thing's shadow may post its telemetry: the device itself, its applications, admins.
        ThingAccess.requireRead(req.principal(), id);
        ThingsApi.requireJsonContentType(req);
        TelemetryEndpoints t = service();
        ThingsApi.requireWritable(writes);
        // A device token proves its device exists; anyone else may name one that does not.
        CompletionStage<Void> known = req.principal().kind() == Principal.Kind.DEVICE
                ? CompletableFuture.completedFuture(null)
                : work.call(() -> requireKnown(id));
        return known.thenCompose(ignored -> ingest(t, id, req.body())).thenApply(result -> answer(id, result));
    }

    /**
     * Stores the payload and routes it, as a QoS 1 message on the thing's telemetry topic, to the
     * topic's subscribers; their durable copies are written with the points, so a 204 means both.
     */
    private static CompletableFuture<IngestResult> ingest(TelemetryEndpoints t, String id, byte[] body) {
        Message message = new Message(topic(id), 1, false, new BytesPayload(body), MessageProperties.NONE,
                Message.NO_EXPIRY, null);
        CompletableFuture<IngestResult> done = new CompletableFuture<>();
        t.ingest().ingest(id, message, false, done::complete);
        return done;
    }

    private static ApiResponse answer(String id, IngestResult result) {
        return switch (result.status()) {
            case STORED -> ApiResponse.noContent();
            case INVALID -> ApiResponse.error(400, result.message());
            case RATE_LIMITED -> ApiResponse.error(429,
                    "thing '" + id + "' sends telemetry faster than its rate limit; slow down").withHeader("retry-after", "1");
            // Not sheddable, so not expected; the points are not stored either way.
            case SHED, FAILED -> ApiResponse.error(503,
                    "the hub cannot store telemetry right now; try again later").withHeader("retry-after", "1");
        };
    }

    static String topic(String id) {
        return "$twin/things/" + id + "/telemetry";
    }

    private CompletionStage<ApiResponse> query(ApiRequest req) {
        String id = ThingsApi.validId(req.pathParam("id"));
        requireReader(req.principal(), id);
        TelemetryEndpoints t = service();
        TelemetryQuery query = TelemetryParams.query(req, id, t.defaultQueryLimit(),
                t.maxQueryLimit());
        return work.call(() -> {
            requireKnown(id);
            Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
            t.queries().query(query).forEach((key, points) -> out.put(key, points.stream().map(TelemetryApi::view).toList()));
            return ApiResponse.json(200, out);
        });
    }

    private CompletionStage<ApiResponse> latest(ApiRequest req) {
        String id = ThingsApi.validId(req.pathParam("id"));
        requireReader(req.principal(), id);
        TelemetryEndpoints t = service();
        List<String> keys = TelemetryParams.keys(req);
        return work.call(() -> {
            requireKnown(id);
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            t.queries().latest(id, keys).forEach((key, point) -> out.put(key, view(point)));
            return ApiResponse.json(200, out);
        });
    }

    /** Reading telemetry is for applications and admins (contract §4), not for devices, even their own. */
    private static void requireReader(Principal p, String id) {
        if (p.kind() != Principal.Kind.ADMIN && p.kind() != Principal.Kind.APPLICATION) {
            throw ApiException.forbidden("a " + p.kind().name().toLowerCase(Locale.ROOT)
                    + " token cannot read telemetry; use an admin or application token");
        }
        ThingAccess.requireRead(p, id);
    }

    /** Blocking: on the worker pool only. */
    private Void requireKnown(String id) {
        if (registry.get(id).isEmpty()) {
            throw ApiException.notFound("no thing '" + id + "'");
        }
        return null;
    }

    private static Map<String, Object> view(QueryPoint point) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", point.ts());
        out.put("value", TelemetryValues.json(point.value()));
        return out;
    }

    private TelemetryEndpoints service() {
        if (telemetry == null) {
            throw new ApiException(503, "this node does not keep telemetry");
        }
        return telemetry;
    }
}
