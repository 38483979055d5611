package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The delta of a shadow: every desired leaf whose value is missing from reported or differs from
 * it ({@link JsonValues#same}), at the same path, with the desired metadata of those leaves. An
 * array is one leaf. Keys only in reported play no part. Subtrees of desired that are wholly in
 * the delta are shared, not copied.
 */
final class DeltaCalculator {

    /** A non-empty delta: its state and metadata trees and their serialized forms. */
    record Delta(ObjectNode state, ObjectNode metadata, byte[] stateJson, byte[] metadataJson) {
    }

    private DeltaCalculator() {
    }

    /** The delta of the two sections, or {@code null} when desired has nothing reported lacks. */
    static Delta of(Section desired, Section reported) {
        if (desired == null) {
            return null;
        }
        Tree tree = object(desired.state, desired.metadata, reported == null ? null : reported.state);
        return tree == null ? null
                : new Delta(tree.state, tree.metadata, Json.bytes(tree.state), Json.bytes(tree.metadata));
    }

    private record Tree(ObjectNode state, ObjectNode metadata) {
    }

    /** The delta of one desired object, or null when it is empty. */
    private static Tree object(ObjectNode desired, ObjectNode metadata, ObjectNode reported) {
        if (reported == null) {
            // nothing of this object is reported: all of it is in the delta (sections hold no empty objects)
            return desired.isEmpty() ? null : new Tree(desired, metadata);
        }
        ObjectNode state = null;
        ObjectNode stateMetadata = null;
        for (Map.Entry<String, JsonNode> member : desired.properties()) {
            String key = member.getKey();
            JsonNode wanted = member.getValue();
            JsonNode actual = reported.get(key);
            if (wanted == actual) {
                continue; // the same node is the same value; common for booleans and small numbers
            }
            JsonNode wantedMetadata = metadata == null ? null : metadata.get(key);
            JsonNode differing;
            JsonNode differingMetadata;
            if (wanted.isObject()) {
                Tree child = object((ObjectNode) wanted, asObject(wantedMetadata), asObject(actual));
                if (child == null) {
                    continue;
                }
                differing = child.state;
                differingMetadata = child.metadata;
            } else if (actual == null || !JsonValues.same(wanted, actual)) {
                differing = wanted;
                differingMetadata = wantedMetadata;
            } else {
                continue;
            }
            if (state == null) {
                state = Json.NODES.objectNode();
                stateMetadata = Json.NODES.objectNode();
            }
            state.set(key, differing);
            if (differingMetadata != null) {
                stateMetadata.set(key, differingMetadata);
            }
        }
        return state == null ? null : new Tree(state, stateMetadata);
    }

    private static ObjectNode asObject(JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
    }
}
