package io.twinhub.http.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowService;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** TEMPORARY stand-in until the real shadow service lands; to be deleted. */
final class ScaffoldShadows implements ShadowService, AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final Map<ShadowRef, ObjectNode> docs = new TreeMap<>((a, b) -> (a.thingId() + "/" + a.name()).compareTo(b.thingId() + "/" + b.name()));
    private final Map<ShadowRef, Long> versions = new TreeMap<>((a, b) -> (a.thingId() + "/" + a.name()).compareTo(b.thingId() + "/" + b.name()));

    @Override
    public CompletableFuture<ShadowReply> request(ShadowRef ref, ShadowOperation op, byte[] payload, long expected) {
        return CompletableFuture.supplyAsync(() -> apply(ref, op, payload, expected), writer);
    }

    private ShadowReply apply(ShadowRef ref, ShadowOperation op, byte[] payload, long expected) {
        long now = System.currentTimeMillis() / 1000;
        long v = versions.getOrDefault(ref, 0L);
        ObjectNode doc = docs.get(ref);
        try {
            switch (op) {
                case GET -> {
                    if (doc == null) return reject(404, "no shadow", v);
                    ObjectNode out = M.createObjectNode();
                    ObjectNode state = out.putObject("state");
                    state.set("desired", doc.get("desired"));
                    state.set("reported", doc.get("reported"));
                    ObjectNode delta = M.createObjectNode();
                    doc.get("desired").fields().forEachRemaining(e -> {
                        if (!e.getValue().equals(doc.get("reported").get(e.getKey()))) delta.set(e.getKey(), e.getValue());
                    });
                    if (!delta.isEmpty()) state.set("delta", delta);
                    out.putObject("metadata");
                    out.put("version", v).put("timestamp", now);
                    return new ShadowReply(200, M.writeValueAsBytes(out), v);
                }
                case DELETE -> {
                    if (doc == null) return reject(404, "no shadow", v);
                    docs.remove(ref);
                    return new ShadowReply(200, M.writeValueAsBytes(Map.of("version", v, "timestamp", now)), v);
                }
                default -> {
                    JsonNode req;
                    try {
                        req = M.readTree(payload);
                    } catch (Exception e) {
                        return reject(400, "not JSON", v);
                    }
                    if (req == null || !req.isObject() || !req.path("state").isObject()) return reject(400, "no state", v);
                    if (expected >= 0 && expected != v) return reject(409, "version conflict", v);
                    if (req.has("version") && req.get("version").asLong() != v) return reject(409, "version conflict", v);
                    if (payload.length > 8192) return reject(413, "too large", v);
                    ObjectNode d = doc == null ? M.createObjectNode() : doc;
                    d.putIfAbsent("desired", M.createObjectNode());
                    d.putIfAbsent("reported", M.createObjectNode());
                    for (String s : List.of("desired", "reported")) {
                        JsonNode part = req.get("state").get(s);
                        if (part != null) {
                            for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext(); ) {
                                var e = it.next();
                                ((ObjectNode) d.get(s)).set(e.getKey(), e.getValue());
                            }
                        }
                    }
                    docs.put(ref, d);
                    versions.put(ref, v + 1);
                    ObjectNode out = M.createObjectNode();
                    out.set("state", req.get("state"));
                    out.put("version", v + 1).put("timestamp", now);
                    if (req.has("clientToken")) out.set("clientToken", req.get("clientToken"));
                    return new ShadowReply(200, M.writeValueAsBytes(out), v + 1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ShadowReply reject(int code, String msg, long v) throws Exception {
        return new ShadowReply(code, M.writeValueAsBytes(Map.of("code", code, "message", msg, "timestamp", 0)), v);
    }

    @Override
    public CompletableFuture<List<String>> names(String thingId) {
        return CompletableFuture.supplyAsync(() -> docs.keySet().stream().filter(r -> r.thingId().equals(thingId))
                .map(ShadowRef::name).sorted().toList(), writer);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
