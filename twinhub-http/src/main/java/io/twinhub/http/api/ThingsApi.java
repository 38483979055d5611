package io.twinhub.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinhub.core.auth.Principal;
import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import io.twinhub.core.device.DeviceIds;
import io.twinhub.core.device.DevicePage;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.PresenceView;
import io.twinhub.http.HealthCheck;
import io.twinhub.http.routing.ApiException;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Json;
import io.twinhub.http.routing.Route;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code /api/v1/things}: the device registry over REST (contract §6). */
public final class ThingsApi {

    public static final String BASE = "/api/v1/things";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DeviceRegistry registry;
    private final PresenceView presence;
    private final HeartbeatSink heartbeats;
    private final HealthCheck writes;
    private final BlockingWork work;

    public ThingsApi(DeviceRegistry registry, PresenceView presence, HeartbeatSink heartbeats, HealthCheck writes,
                     BlockingWork work) {
        this.registry = registry;
        this.presence = presence;
        this.heartbeats = heartbeats;
        this.writes = writes;
        this.work = work;
    }

    public List<Route> routes() {
        return List.of(
                Route.authenticated("POST", BASE, this::create),
                Route.authenticated("GET", BASE, this::list),
                Route.authenticated("GET", BASE + "/{id}", this::get),
                Route.authenticated("PATCH", BASE + "/{id}", this::patch),
                Route.authenticated("DELETE", BASE + "/{id}", this::delete),
                Route.authenticated("POST", BASE + "/{id}/token", this::rotateToken),
                Route.authenticated("POST", BASE + "/{id}/heartbeat", this::heartbeat));
    }

    private CompletionStage<ApiResponse> create(ApiRequest req) {
        Principal p = req.principal();
        ThingAccess.requireManager(p);
        ObjectNode body = jsonBody(req);
        onlyFields(body, Set.of("id", "attributes"));
        JsonNode idNode = body.get("id");
        if (idNode == null || !idNode.isTextual()) {
            throw ApiException.badRequest("'id' is required and must be a string");
        }
        String id = validId(idNode.asText());
        Map<String, Object> attributes = attributes(body.get("attributes"), true);
        ThingAccess.requireAdminister(p, id);
        requireWritable();
        return work.call(() -> registry.create(id, attributes)).thenApply(created ->
                ApiResponse.json(201, DeviceViews.withToken(created.device(), created.token()))
                        .withHeader("location", BASE + "/" + id));
    }

    private CompletionStage<ApiResponse> list(ApiRequest req) {
        Principal p = req.principal();
        ThingAccess.requireManager(p);
        String prefix = Optional.ofNullable(req.queryParam("prefix")).orElse("");
        int limit = limit(req.queryParam("limit"));
        String cursor = req.queryParam("cursor");
        String from = cursor == null || cursor.isEmpty() ? null : cursor;
        return work.call(() -> page(prefix, limit, from)).thenApply(page -> {
            List<Map<String, Object>> things = page.devices().stream()
                    .filter(d -> p.mayManageThing(d.id()))
                    .map(DeviceViews::device)
                    .toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("things", things);
            out.put("nextCursor", page.nextCursor());
            return ApiResponse.json(200, out);
        });
    }

    private DevicePage page(String prefix, int limit, String cursor) {
        try {
            return registry.list(prefix, limit, cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid cursor or prefix");
        }
    }

    private CompletionStage<ApiResponse> get(ApiRequest req) {
        String id = validId(req.pathParam("id"));
        ThingAccess.requireRead(req.principal(), id);
        return work.call(() -> {
            Device d = registry.get(id).orElseThrow(() -> notFound(id));
            return ApiResponse.json(200, DeviceViews.withPresence(d, presence.presence(id)));
        });
    }

    private CompletionStage<ApiResponse> patch(ApiRequest req) {
        String id = validId(req.pathParam("id"));
        ThingAccess.requireAdminister(req.principal(), id);
        ObjectNode body = jsonBody(req);
        onlyFields(body, Set.of("attributes"));
        Map<String, Object> patch = attributes(body.get("attributes"), false);
        requireWritable();
        return work.call(() -> registry.patchAttributes(id, patch).orElseThrow(() -> notFound(id)))
                .thenApply(d -> ApiResponse.json(200, DeviceViews.device(d)));
    }

    private CompletionStage<ApiResponse> delete(ApiRequest req) {
        String id = validId(req.pathParam("id"));
        ThingAccess.requireAdminister(req.principal(), id);
        requireWritable();
        return work.call(() -> {
            if (!registry.delete(id)) {
                throw notFound(id);
            }
            return ApiResponse.noContent();
        });
    }

    private CompletionStage<ApiResponse> rotateToken(ApiRequest req) {
        String id = validId(req.pathParam("id"));
        ThingAccess.requireAdminister(req.principal(), id);
        requireWritable();
        return work.call(() -> {
            CreatedDevice rotated = registry.rotateToken(id).orElseThrow(() -> notFound(id));
            return ApiResponse.json(200, DeviceViews.withToken(rotated.device(), rotated.token()));
        });
    }

    private CompletionStage<ApiResponse> heartbeat(ApiRequest req) {
        String id = validId(req.pathParam("id"));
        ThingAccess.requireRead(req.principal(), id);
        return work.call(() -> {
            if (req.principal().kind() != Principal.Kind.DEVICE && registry.get(id).isEmpty()) {
                throw notFound(id);
            }
            heartbeats.heartbeat(id);
            return ApiResponse.noContent();
        });
    }

    // --- request checks ---

    private void requireWritable() {
        requireWritable(writes);
    }

    /** 503 while the store refuses writes; reads keep working. */
    static void requireWritable(HealthCheck writes) {
        writes.problem().ifPresent(problem -> {
            throw new ApiException(503, "the hub cannot store changes right now (" + problem + "); try again later");
        });
    }

    static String validId(String id) {
        if (!DeviceIds.isValid(id)) {
            throw ApiException.badRequest("invalid thing id: 1 to " + DeviceIds.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . : - are allowed");
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no thing '" + id + "'");
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The body as a JSON object; 415 unless it is declared JSON. */
    static ObjectNode jsonBody(ApiRequest req) {
        requireJsonContentType(req);
        return Json.readObject(req.body());
    }

    /** 415 for a body that is not declared JSON; an empty body needs no type. */
    static void requireJsonContentType(ApiRequest req) {
        if (req.body().length > 0 && !isJson(req.header("content-type"))) {
            throw new ApiException(415, "the body must be JSON: send 'Content-Type: application/json'");
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static void onlyFields(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Map<String, Object> attributes(JsonNode node, boolean optional) {
        if (node == null || (optional && node.isNull())) {
            if (optional) {
                return Map.of();
            }
            throw ApiException.badRequest("'attributes' is required: a JSON merge patch object of the attributes");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'attributes' must be a JSON object");
        }
        return Json.toMap(node);
    }
}
