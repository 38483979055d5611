package io.twinhub.twin.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The parts every shadow request shares: a JSON object at the top and an optional clientToken. */
final class RequestJson {

    private RequestJson() {
    }

    /** The request's top-level object, or {@code null} for an empty payload. */
    static ObjectNode object(byte[] payload) throws RequestRejected {
        JsonNode root;
        try {
            root = Json.parse(payload);
        } catch (JsonProcessingException e) {
            throw RequestRejected.badRequest(Messages.INVALID_JSON, null);
        }
        if (root == null) {
            return null;
        }
        if (!root.isObject()) {
            throw RequestRejected.badRequest(Messages.NOT_AN_OBJECT, null);
        }
        return (ObjectNode) root;
    }

    /**
     * The request's clientToken; {@code null} when it has none ({@code "clientToken":null} counts as
     * none, as many JSON writers emit unset fields that way).
     */
    static String clientToken(ObjectNode request, int maxBytes) throws RequestRejected {
        JsonNode token = request == null ? null : request.get("clientToken");
        if (token == null || token.isNull()) {
            return null;
        }
        if (!token.isTextual() || utf8Length(token.textValue(), maxBytes) > maxBytes) {
            throw RequestRejected.badRequest(Messages.INVALID_CLIENT_TOKEN, null);
        }
        return token.textValue();
    }

    /** The clientToken of a request that may be anything at all, or {@code null}. Never throws. */
    static String clientTokenLeniently(byte[] payload, int maxBytes) {
        try {
            return clientToken(object(payload), maxBytes);
        } catch (RequestRejected | RuntimeException e) {
            return null;
        }
    }

    /** The UTF-8 length of {@code s}, or anything above {@code max} once it is known to exceed it. */
    private static int utf8Length(String s, int max) {
        // a UTF-8 encoding is never shorter than the number of chars
        return s.length() > max ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
