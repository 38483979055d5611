package io.twinhub.twin.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Shorthands for the model's tests: JSON written with single quotes, updates that must pass. */
final class Shadows {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ShadowModel MODEL = new ShadowModel(ShadowLimits.DEFAULT);
    static final long T0 = 1_700_000_000L;

    private Shadows() {
    }

    /** {@code 'a'} → {@code "a"}: JSON that reads well inside Java strings. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static byte[] json(String singleQuoted) {
        return q(singleQuoted).getBytes(UTF_8);
    }

    static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String singleQuoted) {
        return tree(json(singleQuoted));
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    static Outcome.Accepted accepted(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
        return (Outcome.Accepted) outcome;
    }

    static Outcome.Rejected rejected(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        return (Outcome.Rejected) outcome;
    }

    /** Applies an update that must be accepted; returns the new state. */
    static ShadowState update(ShadowState state, String request, long now) {
        return accepted(MODEL.update(state, json(request), ShadowModel.ANY_VERSION, now)).newState();
    }

    /** A fresh shadow made by one update at {@link #T0}. */
    static ShadowState shadow(String request) {
        return update(ShadowState.absent(), request, T0);
    }

    /** The get document of {@code state}, as a tree. */
    static ObjectNode document(ShadowState state) {
        return (ObjectNode) tree(state.documentJson(null));
    }

    /** desired and reported of {@code state}, without the delta. */
    static JsonNode sections(ShadowState state) {
        ObjectNode sections = ((ObjectNode) document(state).get("state")).deepCopy();
        sections.remove("delta");
        return sections;
    }
}
