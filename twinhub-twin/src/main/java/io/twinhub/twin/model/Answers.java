package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The bodies published on the accepted, rejected, documents and delta topics (contract §3). */
final class Answers {

    private Answers() {
    }

    /**
     * {@code update/accepted}: the request's state as sent, the metadata of what it wrote, the new
     * version, the time of the update and the clientToken.
     */
    static byte[] updateAccepted(UpdateRequest request, ObjectNode stamp, long version, long now) {
        ObjectNode metadata = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> section : request.state().properties()) {
            metadata.set(section.getKey(), Metadata.ofRequest(section.getValue(), stamp));
        }
        byte[] state = Json.bytes(request.state());
        byte[] metadataJson = Json.bytes(metadata);
        return new JsonBytes(state.length + metadataJson.length + 96)
                .raw("{\"state\":").json(state)
                .raw(",\"metadata\":").json(metadataJson)
                .raw(",\"version\":").number(version)
                .raw(",\"timestamp\":").number(now)
                .clientToken(request.clientToken()).raw("}").toBytes();
    }

    /** {@code update/documents}: previous (null when the shadow did not exist) and current state. */
    static byte[] documents(ShadowState previous, ShadowState current, long now, String clientToken) {
        byte[] before = previous.exists() ? previous.snapshotJson() : null;
        byte[] after = current.snapshotJson();
        return new JsonBytes((before == null ? 4 : before.length) + after.length + 96)
                .raw("{\"previous\":").json(before)
                .raw(",\"current\":").json(after)
                .raw(",\"timestamp\":").number(now)
                .clientToken(clientToken).raw("}").toBytes();
    }

    /** {@code update/delta}: the full delta of {@code current}, or null when it has none. */
    static byte[] delta(ShadowState current, long now, String clientToken) {
        DeltaCalculator.Delta delta = current.delta();
        if (delta == null) {
            return null;
        }
        return new JsonBytes(delta.stateJson().length + delta.metadataJson().length + 96)
                .raw("{\"state\":").json(delta.stateJson())
                .raw(",\"metadata\":").json(delta.metadataJson())
                .raw(",\"version\":").number(current.version())
                .raw(",\"timestamp\":").number(now)
                .clientToken(clientToken).raw("}").toBytes();
    }

    /** {@code delete/accepted}: the version the shadow had and the time of the delete. */
    static byte[] deleteAccepted(long version, long now, String clientToken) {
        return new JsonBytes(64 + (clientToken == null ? 0 : clientToken.length() * 2))
                .raw("{\"version\":").number(version)
                .raw(",\"timestamp\":").number(now)
                .clientToken(clientToken).raw("}").toBytes();
    }

    /** {@code …/rejected}: {@code {"code":C,"message":"…","timestamp":T,"clientToken":…}}. */
    static byte[] rejection(int code, String message, long now, String clientToken) {
        return new JsonBytes(64 + message.length() + (clientToken == null ? 0 : clientToken.length() * 2))
                .raw("{\"code\":").number(code)
                .raw(",\"message\":").string(message)
                .raw(",\"timestamp\":").number(now)
                .clientToken(clientToken).raw("}").toBytes();
    }
}
