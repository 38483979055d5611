package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Metadata trees mirror state trees: each leaf (scalar or whole array) becomes
 * {@code {"timestamp":<epoch s>}}. One stamp object is made per update and shared by every leaf
 * that update writes; like all trees held by a state it is never changed afterwards.
 */
final class Metadata {

    private Metadata() {
    }

    static ObjectNode stamp(long epochSeconds) {
        ObjectNode stamp = Json.NODES.objectNode();
        stamp.put("timestamp", epochSeconds);
        return stamp;
    }

    /**
     * The metadata of what a request writes, for its accepted answer: the request's own shape with
     * every leaf, including a null that removes a key or clears a section, replaced by the stamp.
     */
    static JsonNode ofRequest(JsonNode written, ObjectNode stamp) {
        if (!written.isObject()) {
            return stamp;
        }
        ObjectNode mirror = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : written.properties()) {
            mirror.set(member.getKey(), ofRequest(member.getValue(), stamp));
        }
        return mirror;
    }
}
