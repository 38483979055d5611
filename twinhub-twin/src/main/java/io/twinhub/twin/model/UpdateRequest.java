package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * A checked update request. {@code desired} and {@code reported} are {@code null} when the request
 * leaves the section alone, a null node when it clears it, or the object to merge into it;
 * {@code state} is the request's state object as sent (echoed in the accepted answer);
 * {@code version} is {@link #NO_VERSION} when the request names none.
 */
record UpdateRequest(ObjectNode state, JsonNode desired, JsonNode reported, long version, String clientToken) {

    static final long NO_VERSION = -1;

    /** Parses and checks an update; unknown top-level fields (such as thingName) are ignored. */
    static UpdateRequest parse(byte[] payload, ShadowLimits limits) throws RequestRejected {
        ObjectNode root = RequestJson.object(payload);
        String token = RequestJson.clientToken(root, limits.maxClientTokenBytes());
        JsonNode state = root == null ? null : root.get("state");
        if (state == null) {
            throw RequestRejected.badRequest(Messages.MISSING_STATE, token);
        }
        if (!state.isObject()) {
            throw RequestRejected.badRequest(Messages.STATE_NOT_OBJECT, token);
        }
        for (Iterator<String> names = state.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("desired") && !name.equals("reported")) {
                throw RequestRejected.badRequest(Messages.invalidStateNode(name), token);
            }
        }
        JsonNode desired = section(state, "desired", Messages.DESIRED_NOT_OBJECT, token);
        JsonNode reported = section(state, "reported", Messages.REPORTED_NOT_OBJECT, token);
        long version = version(root.get("version"), token);
        SectionRules.check(desired, limits.maxDepth(), token);
        SectionRules.check(reported, limits.maxDepth(), token);
        return new UpdateRequest((ObjectNode) state, desired, reported, version, token);
    }

    private static JsonNode section(JsonNode state, String name, String message, String token)
            throws RequestRejected {
        JsonNode section = state.get(name);
        if (section != null && !section.isObject() && !section.isNull()) {
            throw RequestRejected.badRequest(message, token);
        }
        return section;
    }

    /** A whole number from 0 to {@link Long#MAX_VALUE} ({@code 5.0} is whole); null counts as absent. */
    private static long version(JsonNode version, String token) throws RequestRejected {
        if (version == null || version.isNull()) {
            return NO_VERSION;
        }
        if (!version.isNumber() || !version.canConvertToExactIntegral() || !version.canConvertToLong()
                || version.longValue() < 0) {
            throw RequestRejected.badRequest(Messages.INVALID_VERSION, token);
        }
        return version.longValue();
    }
}
