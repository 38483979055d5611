package io.twinhub.twin.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Immutable state of one shadow, including a deleted shadow's tombstone (it keeps the version).
 * Its trees are never changed once it is made, so states share unchanged sections and any
 * thread may read one. The delta is worked out once, when the state is made.
 */
public final class ShadowState {

    /** Bumped when the storage form changes in a way older code cannot read. */
    static final int FORMAT = 1;

    private static final ShadowState ABSENT = new ShadowState(null, null, 0, 0, false);

    private final Section desired;
    private final Section reported;
    private final long version;
    private final long timestamp;
    private final boolean exists;
    private final DeltaCalculator.Delta delta;

    private ShadowState(Section desired, Section reported, long version, long timestamp, boolean exists) {
        this.desired = desired;
        this.reported = reported;
        this.version = version;
        this.timestamp = timestamp;
        this.exists = exists;
        this.delta = exists ? DeltaCalculator.of(desired, reported) : null;
    }

    /** A shadow that never existed: version 0. */
    public static ShadowState absent() {
        return ABSENT;
    }

    static ShadowState existing(Section desired, Section reported, long version, long timestamp) {
        return new ShadowState(desired, reported, version, timestamp, true);
    }

    static ShadowState tombstone(long version, long timestamp) {
        return new ShadowState(null, null, version, timestamp, false);
    }

    /** False for a shadow that never existed and for a deleted one (a tombstone). */
    public boolean exists() {
        return exists;
    }

    /** 0 when the shadow never existed; a tombstone keeps the version the shadow had. */
    public long version() {
        return version;
    }

    /** Epoch seconds of the last accepted update, or of the delete for a tombstone; 0 if never. */
    public long timestamp() {
        return timestamp;
    }

    /** Whether desired holds anything that reported lacks or has otherwise. */
    public boolean hasDelta() {
        return delta != null;
    }

    Section desired() {
        return desired;
    }

    Section reported() {
        return reported;
    }

    DeltaCalculator.Delta delta() {
        return delta;
    }

    /** Serialized size of desired and reported together, the measure of the state-size limit. */
    int stateBytes() {
        return Section.stateBytes(desired) + Section.stateBytes(reported);
    }

    /**
     * The storage form: {@code {"format":1,"state":{…},"metadata":{…},"version":V,"timestamp":T}},
     * or {@code {"format":1,"version":V,"timestamp":T,"deleted":true}} for a tombstone or absent.
     */
    public byte[] toBytes() {
        JsonBytes out = new JsonBytes(stateBytes() * 2 + 64).raw("{\"format\":").number(FORMAT);
        if (exists) {
            out.raw(",");
            appendSections(out, false);
        }
        out.raw(",\"version\":").number(version).raw(",\"timestamp\":").number(timestamp);
        return (exists ? out : out.raw(",\"deleted\":true")).raw("}").toBytes();
    }

    /** Reads what {@link #toBytes()} wrote. */
    public static ShadowState fromBytes(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.parse(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored shadow state", e);
        }
        if (root == null || !root.isObject() || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("not a stored shadow state of format " + FORMAT);
        }
        long version = root.path("version").asLong();
        long timestamp = root.path("timestamp").asLong();
        if (root.path("deleted").asBoolean()) {
            return version == 0 ? ABSENT : tombstone(version, timestamp);
        }
        return existing(stored(root, "desired"), stored(root, "reported"), version, timestamp);
    }

    private static Section stored(JsonNode root, String name) {
        JsonNode state = root.path("state").get(name);
        JsonNode metadata = root.path("metadata").get(name);
        return state instanceof ObjectNode s && metadata instanceof ObjectNode m ? new Section(s, m) : null;
    }

    /** The contract's document, stamped with the time of the last update. */
    public byte[] documentJson(String clientTokenOrNull) {
        return documentJson(clientTokenOrNull, timestamp);
    }

    /**
     * The contract's document: {@code {"state":{"desired","reported","delta"},"metadata":{…},
     * "version":V,"timestamp":T,"clientToken":…}}, delta only when non-empty.
     */
    public byte[] documentJson(String clientTokenOrNull, long timestamp) {
        if (!exists) {
            throw new IllegalStateException("a shadow that does not exist has no document");
        }
        JsonBytes out = new JsonBytes(stateBytes() * 3 + 96).raw("{");
        appendSections(out, true);
        return out.raw(",\"version\":").number(version).raw(",\"timestamp\":").number(timestamp)
                .clientToken(clientTokenOrNull).raw("}").toBytes();
    }

    /** {@code {"state":{…},"metadata":{…},"version":V}}: a state as update/documents shows it. */
    byte[] snapshotJson() {
        JsonBytes out = new JsonBytes(stateBytes() * 2 + 64).raw("{");
        appendSections(out, false);
        return out.raw(",\"version\":").number(version).raw("}").toBytes();
    }

    /** Appends {@code "state":{…},"metadata":{…}}, with the delta in state when asked and present. */
    private void appendSections(JsonBytes out, boolean withDelta) {
        out.raw("\"state\":{");
        String separator = "";
        if (desired != null) {
            out.raw("\"desired\":").json(desired.stateJson);
            separator = ",";
        }
        if (reported != null) {
            out.raw(separator).raw("\"reported\":").json(reported.stateJson);
            separator = ",";
        }
        if (withDelta && delta != null) {
            out.raw(separator).raw("\"delta\":").json(delta.stateJson());
        }
        out.raw("},\"metadata\":{");
        if (desired != null) {
            out.raw("\"desired\":").json(desired.metadataJson);
        }
        if (reported != null) {
            out.raw(desired != null ? "," : "").raw("\"reported\":").json(reported.metadataJson);
        }
        out.raw("}");
    }
}
