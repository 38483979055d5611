package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.MODEL;
import static io.twinhub.twin.model.Shadows.T0;
import static io.twinhub.twin.model.Shadows.json;
import static io.twinhub.twin.model.Shadows.rejected;
import static io.twinhub.twin.model.Shadows.shadow;
import static io.twinhub.twin.model.Shadows.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.twin.ShadowRef;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests the model refuses, with the code and message each one gets. */
class RejectionTest {

    private static final String TOO_DEEP = "JSON contains too many levels of nesting; maximum is 6";

    static Stream<Arguments> badUpdates() {
        return Stream.of(
                row("{'state':", 400, "Payload contains invalid json", null),
                row("", 400, "Missing required node: state", null),
                row("{'state':{}} trailing", 400, "Payload contains invalid json", null),
                row("[{'state':{}}]", 400, "Payload must be a JSON object", null),
                row("'text'", 400, "Payload must be a JSON object", null),
                row("{'clientToken':'c1'}", 400, "Missing required node: state", "c1"),
                row("{'state':null,'clientToken':'c1'}", 400, "State node must be an object", "c1"),
                row("{'state':[1],'clientToken':'c1'}", 400, "State node must be an object", "c1"),
                row("{'state':{'desired':[1]},'clientToken':'c1'}", 400, "Desired node must be an object", "c1"),
                row("{'state':{'desired':'on'},'clientToken':'c1'}", 400, "Desired node must be an object", "c1"),
                row("{'state':{'reported':5},'clientToken':'c1'}", 400, "Reported node must be an object", "c1"),
                row("{'state':{'delta':{'a':1}},'clientToken':'c1'}", 400,
                        "State contains an invalid node: 'delta'", "c1"),
                row("{'state':{'desired':{},'desire':{}},'clientToken':'c1'}", 400,
                        "State contains an invalid node: 'desire'", "c1"),
                row("{'state':{},'version':'1','clientToken':'c1'}", 400, "Invalid version", "c1"),
                row("{'state':{},'version':1.5,'clientToken':'c1'}", 400, "Invalid version", "c1"),
                row("{'state':{},'version':-1,'clientToken':'c1'}", 400, "Invalid version", "c1"),
                row("{'state':{},'version':9223372036854775808,'clientToken':'c1'}", 400, "Invalid version", "c1"),
                row("{'state':{},'version':true,'clientToken':'c1'}", 400, "Invalid version", "c1"),
                row("{'state':{},'clientToken':7}", 400, "Invalid clientToken", null),
                row("{'state':{},'clientToken':{'a':1}}", 400, "Invalid clientToken", null),
                row("{'state':{},'clientToken':'" + "x".repeat(65) + "'}", 400, "Invalid clientToken", null),
                row("{'state':{},'clientToken':'" + "é".repeat(33) + "'}", 400, "Invalid clientToken", null),
                row("{'state':{'desired':{'a':{'b':{'c':{'d':{'e':{'f':{'g':1}}}}}}}},'clientToken':'c1'}", 400,
                        TOO_DEEP, "c1"),
                row("{'state':{'reported':{'a':{'b':{'c':{'d':{'e':{'f':[1]}}}}}}},'clientToken':'c1'}", 400,
                        TOO_DEEP, "c1"),
                row("{'state':{'reported':{'a':[[[[[[1]]]]]]}},'clientToken':'c1'}", 400, TOO_DEEP, "c1"),
                row("{'state':{'reported':{'a':[1,null]}},'clientToken':'c1'}", 400,
                        "Arrays must not contain null", "c1"),
                row("{'state':{'desired':{'a':{'b':[[null]]}}},'clientToken':'c1'}", 400,
                        "Arrays must not contain null", "c1"),
                row("{'state':{'desired':{'a':[{'b':null}]}},'clientToken':'c1'}", 400,
                        "Arrays must not contain null", "c1"),
                row("{'state':{'desired':{'a':1e400}},'clientToken':'c1'}", 400, "Number out of range", "c1"),
                row("{'state':{},'version':3,'clientToken':'c1'}", 409, "Version conflict", "c1"),
                row("{'state':{},'version':0,'clientToken':'c1'}", 409, "Version conflict", "c1"),
                row("{'state':{'reported':{'blob':'" + "x".repeat(8192) + "'}},'clientToken':'c1'}", 413,
                        "The state exceeds the maximum size allowed: desired and reported together may hold"
                                + " 8192 bytes", "c1"));
    }

    private static Arguments row(String request, int code, String message, String clientToken) {
        return Arguments.of(request, code, message, clientToken);
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @MethodSource("badUpdates")
    void badUpdatesAreRejectedWithCodeAndMessage(String request, int code, String message, String clientToken) {
        ShadowState current = shadow("{'state':{'desired':{'kept':true}}}");

        Outcome.Rejected outcome = rejected(MODEL.update(current, json(request), -1, T0 + 9));

        assertThat(outcome.code()).isEqualTo(code);
        JsonNode body = tree(outcome.answer());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("timestamp").asLong()).isEqualTo(T0 + 9);
        if (clientToken == null) {
            assertThat(body.has("clientToken")).isFalse();
        } else {
            assertThat(body.get("clientToken").asText()).isEqualTo(clientToken);
        }
        assertThat(body.size()).isEqualTo(clientToken == null ? 3 : 4);
    }

    @Test
    void aRejectionHasExactlyTheContractsFields() {
        Outcome.Rejected outcome = rejected(MODEL.update(ShadowState.absent(),
                json("{'state':{},'version':4,'clientToken':'tok \\\"q\\\" é'}"), -1, T0));

        assertThat(new String(outcome.answer(), UTF_8)).isEqualTo(
                "{\"code\":409,\"message\":\"Version conflict\",\"timestamp\":1700000000,"
                        + "\"clientToken\":\"tok \\\"q\\\" é\"}");
    }

    @Test
    void getAndDeleteOfAShadowThatDoesNotExistAre404NamingTheShadow() {
        ShadowState deleted = ((Outcome.Accepted) MODEL.delete(shadow("{'state':{}}"), new byte[0], T0 + 1))
                .newState();
        byte[] request = json("{'clientToken':'g1'}");

        for (ShadowState gone : new ShadowState[] {ShadowState.absent(), deleted}) {
            assertRejection(MODEL.get(gone, request, T0 + 2, ShadowRef.classic("thermo-1")), 404,
                    "No shadow exists with name: thermo-1", "g1");
            assertRejection(MODEL.delete(gone, request, T0 + 2, new ShadowRef("thermo-1", "config")), 404,
                    "No shadow exists with name: config", "g1");
            assertRejection(MODEL.get(gone, new byte[0], T0 + 2), 404, "No shadow exists", null);
        }
    }

    @Test
    void getAndDeleteRejectMalformedRequestsBeforeLookingForTheShadow() {
        ShadowState current = shadow("{'state':{}}");

        assertRejection(MODEL.get(current, json("{'clientToken'"), T0), 400, "Payload contains invalid json", null);
        assertRejection(MODEL.delete(ShadowState.absent(), json("[]"), T0), 400, "Payload must be a JSON object",
                null);
        assertRejection(MODEL.get(current, json("{'clientToken':false}"), T0), 400, "Invalid clientToken", null);
    }

    @Test
    void anIfMatchVersionMustEqualTheCurrentVersionLikeTheRequestsOwn() {
        ShadowState current = shadow("{'state':{}}");

        assertRejection(MODEL.update(current, json("{'state':{},'clientToken':'m'}"), 2, T0), 409,
                "Version conflict", "m");
        assertRejection(MODEL.update(current, json("{'state':{},'version':1,'clientToken':'m'}"), 0, T0), 409,
                "Version conflict", "m");
        assertRejection(MODEL.update(current, json("{'state':{},'version':0,'clientToken':'m'}"), 1, T0), 409,
                "Version conflict", "m");
        assertRejection(MODEL.update(current, json("{'state':{},'clientToken':'m'}"), -7, T0), 400,
                "Invalid version", "m");
    }

    @Test
    void rejectionsBuiltOutsideTheModelTakeTheClientTokenWhenTheyCan() {
        assertThat(tree(MODEL.rejection(429, "Too many requests", json("{'clientToken':'z','state':7}"), T0)))
                .isEqualTo(tree("{'code':429,'message':'Too many requests','timestamp':1700000000,'clientToken':'z'}"));
        assertThat(tree(MODEL.rejection(500, "Internal service failure", json("{'clientToken':"), T0)))
                .isEqualTo(tree("{'code':500,'message':'Internal service failure','timestamp':1700000000}"));
        assertThat(tree(MODEL.rejection(403, "Forbidden", null, T0)))
                .isEqualTo(tree("{'code':403,'message':'Forbidden','timestamp':1700000000}"));
        assertThat(tree(MODEL.rejection(403, "Forbidden", json("{'clientToken':'" + "y".repeat(65) + "'}"), T0)))
                .isEqualTo(tree("{'code':403,'message':'Forbidden','timestamp':1700000000}"));
    }

    @Test
    void bytesThatAreNotUtf8AndJsonNestedBeyondAnyReasonAreInvalidJson() {
        byte[] notUtf8 = {'{', '"', 's', 't', 'a', 't', 'e', '"', ':', '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1',
            '}', '}'};
        byte[] deep = ("{\"state\":{\"desired\":" + "[".repeat(5000) + "]".repeat(5000) + "}}").getBytes(UTF_8);

        assertRejection(MODEL.update(ShadowState.absent(), notUtf8, -1, T0), 400, "Payload contains invalid json", null);
        assertRejection(MODEL.update(ShadowState.absent(), deep, -1, T0), 400, "Payload contains invalid json", null);
    }

    @Test
    void nullForTheOptionalVersionAndClientTokenMeansTheyAreAbsent() {
        Outcome.Accepted outcome = Shadows.accepted(MODEL.update(shadow("{'state':{}}"),
                json("{'state':{'desired':{'a':1}},'version':null,'clientToken':null}"), -1, T0));

        assertThat(tree(outcome.answer()).has("clientToken")).isFalse();
        assertThat(outcome.newState().version()).isEqualTo(2);
    }

    private static void assertRejection(Outcome outcome, int code, String message, String clientToken) {
        Outcome.Rejected rejected = rejected(outcome);
        assertThat(rejected.code()).isEqualTo(code);
        JsonNode body = tree(rejected.answer());
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.path("clientToken").isMissingNode()).isEqualTo(clientToken == null);
        if (clientToken != null) {
            assertThat(body.get("clientToken").asText()).isEqualTo(clientToken);
        }
    }
}
