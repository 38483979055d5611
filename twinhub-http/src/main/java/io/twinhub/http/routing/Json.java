package io.twinhub.http.routing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON configuration of the HTTP API: strict on input, plain on output. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    /** The error body every failed request gets. */
    public static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("message", message);
        return body;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a request body that must be one JSON object; anything else is a 400. */
    public static ObjectNode readObject(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("a JSON object is required as the request body");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("body is not valid JSON: " + firstLine(e.getOriginalMessage())
                    + location(e));
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        return object;
    }

    /** A JSON object as plain Java values (String, Number, Boolean, null, List, Map). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode object) {
        return MAPPER.convertValue(object, LinkedHashMap.class);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
