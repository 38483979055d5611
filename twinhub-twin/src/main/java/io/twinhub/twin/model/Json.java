package io.twinhub.twin.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;

/**
 * The one mapper of the shadow model. Trees handed to it are only read, so it is shared by every
 * thread; {@code FAIL_ON_TRAILING_TOKENS} makes {@code {"a":1} x} invalid rather than half-read.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Parses one JSON value; empty input gives {@code null}. */
    static JsonNode parse(byte[] bytes) throws JsonProcessingException {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // readTree on a byte array does no I/O; anything else is a malformed document
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** A new object holding the same members as {@code source} (shallow: the values are shared). */
    static ObjectNode shallowCopy(ObjectNode source) {
        ObjectNode copy = new ObjectNode(NODES, new LinkedHashMap<>(Math.max(4, source.size() * 2)));
        copy.setAll(source);
        return copy;
    }
}
