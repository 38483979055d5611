package io.twinhub.it.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON for the tests: parsing answers and the checks every shadow answer shares. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() { }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** The payload as JSON, or a missing node when it is not JSON (every path then reads as missing). */
    public static JsonNode parseOrMissing(byte[] payload) {
        try {
            JsonNode n = MAPPER.readTree(payload);
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An update request with the given sections (JSON text, or null to leave a section out). */
    public static String update(String desired, String reported, String clientToken) {
        StringBuilder state = new StringBuilder("{");
        if (desired != null) {
            state.append("\"desired\":").append(desired);
        }
        if (reported != null) {
            state.append(desired != null ? "," : "").append("\"reported\":").append(reported);
        }
        state.append('}');
        return "{\"state\":" + state + (clientToken == null ? "" : ",\"clientToken\":" + quote(clientToken)) + "}";
    }

    public static String token(String clientToken) {
        return "{\"clientToken\":" + quote(clientToken) + "}";
    }

    /** Times in shadow documents are whole epoch seconds (contract, "Names"), close to now. */
    public static void assertEpochSeconds(JsonNode n, String what) {
        assertThat(n.isIntegralNumber()).as(what + " is a whole number: " + n).isTrue();
        long now = System.currentTimeMillis() / 1000;
        assertThat(n.asLong()).as(what + " in epoch seconds").isBetween(now - 300, now + 300);
    }

    /** A rejection as the contract spells it: {@code {"code","message","timestamp","clientToken"}}. */
    public static void assertRejection(Answer a, int code, String clientToken) {
        assertThat(a.topic()).as("topic of " + a).endsWith("/rejected");
        assertThat(a.code()).as("code of " + a).isEqualTo(code);
        assertThat(a.body().path("message").isTextual()).as("message of " + a).isTrue();
        assertThat(a.body().path("message").asText()).as("message of " + a).isNotBlank();
        assertEpochSeconds(a.body().path("timestamp"), "timestamp of " + a);
        if (clientToken != null) {
            assertThat(a.clientToken()).as("clientToken of " + a).isEqualTo(clientToken);
        }
    }
}
