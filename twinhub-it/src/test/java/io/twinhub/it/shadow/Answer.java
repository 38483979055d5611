package io.twinhub.it.shadow;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** One message a client received, with its payload parsed as JSON when it is JSON. */
public record Answer(String topic, byte[] payload, JsonNode body) {

    public static Answer of(String topic, byte[] payload) {
        return new Answer(topic, payload, Json.parseOrMissing(payload));
    }

    /** Whether the topic ends with {@code suffix}, e.g. {@code "update/accepted"}. */
    public boolean is(String suffix) {
        return topic.endsWith("/" + suffix);
    }

    /** The last two levels of the topic, e.g. {@code update/accepted}. */
    public String kind() {
        int last = topic.lastIndexOf('/');
        return topic.substring(topic.lastIndexOf('/', last - 1) + 1);
    }

    /** Accepted or rejected: the one answer every request gets. */
    public boolean isVerdict() {
        return topic.endsWith("/accepted") || topic.endsWith("/rejected");
    }

    public String clientToken() {
        JsonNode t = body.get("clientToken");
        return t == null || t.isNull() ? null : t.asText();
    }

    public int code() {
        return body.path("code").asInt(-1);
    }

    public long version() {
        return body.path("version").asLong(-1);
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + " " + text();
    }
}
