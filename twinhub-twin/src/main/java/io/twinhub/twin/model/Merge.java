package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Applies a request's desired or reported part to a section, state and metadata together.
 * Objects merge key by key; a null member removes the key; scalars and arrays replace whole and
 * get the update's stamp; an object left empty is removed from its parent, and a section left
 * empty is no section. Only the objects on the paths the request touches are copied: everything
 * else, and the request's own scalars and arrays, is shared with the old state and the request.
 */
final class Merge {

    private Merge() {
    }

    /** The new section; {@code patch} is null (leave), a null node (clear) or an object (merge). */
    static Section apply(Section current, JsonNode patch, ObjectNode stamp) {
        if (patch == null) {
            return current;
        }
        if (patch.isNull()) {
            return null;
        }
        Tree merged = object(current == null ? null : current.state, current == null ? null : current.metadata,
                (ObjectNode) patch, stamp);
        return merged == null ? null : new Section(merged.state, merged.metadata);
    }

    private record Tree(ObjectNode state, ObjectNode metadata) {
    }

    /** Merges {@code patch} into the object {@code state} (null: none yet); null when the result is empty. */
    private static Tree object(ObjectNode state, ObjectNode metadata, ObjectNode patch, ObjectNode stamp) {
        ObjectNode nextState = state == null ? Json.NODES.objectNode() : Json.shallowCopy(state);
        ObjectNode nextMetadata = metadata == null ? Json.NODES.objectNode() : Json.shallowCopy(metadata);
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                nextState.remove(key);
                nextMetadata.remove(key);
            } else if (value.isObject()) {
                JsonNode old = nextState.get(key);
                boolean wasObject = old != null && old.isObject();
                Tree child = object(wasObject ? (ObjectNode) old : null,
                        wasObject ? objectOrNull(nextMetadata.get(key)) : null, (ObjectNode) value, stamp);
                if (child == null) {
                    nextState.remove(key);
                    nextMetadata.remove(key);
                } else {
                    nextState.set(key, child.state);
                    nextMetadata.set(key, child.metadata);
                }
            } else {
                nextState.set(key, value);
                nextMetadata.set(key, stamp);
            }
        }
        return nextState.isEmpty() ? null : new Tree(nextState, nextMetadata);
    }

    private static ObjectNode objectOrNull(JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
    }
}
