package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.MODEL;
import static io.twinhub.twin.model.Shadows.T0;
import static io.twinhub.twin.model.Shadows.accepted;
import static io.twinhub.twin.model.Shadows.json;
import static io.twinhub.twin.model.Shadows.q;
import static io.twinhub.twin.model.Shadows.text;
import static io.twinhub.twin.model.Shadows.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bytes a device receives for each answer. */
class AnswerBodiesTest {

    private static final String DESIRED = "{'light':'on','level':3}";
    private static final String DESIRED_META = "{'light':{'timestamp':1700000000},'level':{'timestamp':1700000000}}";
    private static final String REPORTED = "{'light':'on','level':2}";
    private static final String REPORTED_META = "{'light':{'timestamp':1700000005},'level':{'timestamp':1700000005}}";
    private static final String VERSION_1 = "{'state':{'desired':" + DESIRED + "},'metadata':{'desired':"
            + DESIRED_META + "},'version':1}";
    private static final String VERSION_2 = "{'state':{'desired':" + DESIRED + ",'reported':" + REPORTED
            + "},'metadata':{'desired':" + DESIRED_META + ",'reported':" + REPORTED_META + "},'version':2}";

    private final Outcome.Accepted first = accepted(MODEL.update(ShadowState.absent(),
            json("{'state':{'desired':" + DESIRED + "},'clientToken':'c1','thingName':'lamp'}"), -1, T0));
    private final Outcome.Accepted second = accepted(MODEL.update(first.newState(),
            json("{'state':{'reported':" + REPORTED + "},'clientToken':'c2'}"), -1, T0 + 5));

    @Test
    void theFirstUpdateOfANewShadow() {
        assertThat(text(first.answer())).isEqualTo(q("{'state':{'desired':" + DESIRED + "},'metadata':{'desired':"
                + DESIRED_META + "},'version':1,'timestamp':1700000000,'clientToken':'c1'}"));
        assertThat(text(first.documents())).isEqualTo(q("{'previous':null,'current':" + VERSION_1
                + ",'timestamp':1700000000,'clientToken':'c1'}"));
        assertThat(text(first.delta())).isEqualTo(q("{'state':" + DESIRED + ",'metadata':" + DESIRED_META
                + ",'version':1,'timestamp':1700000000,'clientToken':'c1'}"));
    }

    @Test
    void aReportThatLeavesPartOfTheDelta() {
        assertThat(text(second.answer())).isEqualTo(q("{'state':{'reported':" + REPORTED
                + "},'metadata':{'reported':" + REPORTED_META + "},'version':2,'timestamp':1700000005,"
                + "'clientToken':'c2'}"));
        assertThat(text(second.documents())).isEqualTo(q("{'previous':" + VERSION_1 + ",'current':" + VERSION_2
                + ",'timestamp':1700000005,'clientToken':'c2'}"));
        assertThat(text(second.delta())).isEqualTo(q("{'state':{'level':3},'metadata':{'level':"
                + "{'timestamp':1700000000}},'version':2,'timestamp':1700000005,'clientToken':'c2'}"));
    }

    @Test
    void theDocumentOfAGet() {
        Outcome.Accepted get = accepted(MODEL.get(second.newState(), json("{'clientToken':'g'}"), T0 + 9));

        assertThat(text(get.answer())).isEqualTo(q("{'state':{'desired':" + DESIRED + ",'reported':" + REPORTED
                + ",'delta':{'level':3}},'metadata':{'desired':" + DESIRED_META + ",'reported':" + REPORTED_META
                + "},'version':2,'timestamp':1700000009,'clientToken':'g'}"));
        assertThat(get.documents()).isNull();
        assertThat(get.delta()).isNull();
        assertThat(text(second.newState().documentJson(null))).isEqualTo(q("{'state':{'desired':" + DESIRED
                + ",'reported':" + REPORTED + ",'delta':{'level':3}},'metadata':{'desired':" + DESIRED_META
                + ",'reported':" + REPORTED_META + "},'version':2,'timestamp':1700000005}"));
    }

    @Test
    void theDocumentOfAShadowWithNothingInIt() {
        ShadowState empty = Shadows.update(ShadowState.absent(), "{'state':{'desired':null}}", T0);

        assertThat(text(empty.documentJson("e"))).isEqualTo(q(
                "{'state':{},'metadata':{},'version':1,'timestamp':1700000000,'clientToken':'e'}"));
    }

    @Test
    void theAnswerToADelete() {
        Outcome.Accepted delete = accepted(MODEL.delete(second.newState(), json("{'clientToken':'d'}"), T0 + 10));

        assertThat(text(delete.answer())).isEqualTo(q("{'version':2,'timestamp':1700000010,'clientToken':'d'}"));
        assertThat(text(accepted(MODEL.delete(second.newState(), new byte[0], T0 + 10)).answer()))
                .isEqualTo(q("{'version':2,'timestamp':1700000010}"));
    }

    @Test
    void theStorageForm() {
        assertThat(text(second.newState().toBytes())).isEqualTo(q("{'format':1,'state':{'desired':" + DESIRED
                + ",'reported':" + REPORTED + "},'metadata':{'desired':" + DESIRED_META + ",'reported':"
                + REPORTED_META + "},'version':2,'timestamp':1700000005}"));
        assertThat(text(ShadowState.absent().toBytes()))
                .isEqualTo(q("{'format':1,'version':0,'timestamp':0,'deleted':true}"));
    }

    @Test
    void everyAnswerEchoesTheClientTokenAndNoneInventsOne() {
        for (String token : new String[] {"tok-1", "", "ünï \"quoted\" \\ /"}) {
            String field = ",\"clientToken\":" + Shadows.JSON.valueToTree(token);
            for (JsonNode body : everyAnswer(field)) {
                assertThat(body.get("clientToken").asText()).as(body.toString()).isEqualTo(token);
            }
        }
        for (JsonNode body : everyAnswer("")) {
            assertThat(body.has("clientToken")).as(body.toString()).isFalse();
        }
    }

    /** Every kind of answer to requests that carry {@code tokenField} ("" or ,"clientToken":…). */
    private static List<JsonNode> everyAnswer(String tokenField) {
        byte[] simple = ("{" + tokenField.substring(Math.min(1, tokenField.length())) + "}").getBytes(UTF_8);
        byte[] update = ("{\"state\":{\"desired\":{\"a\":1}}" + tokenField + "}").getBytes(UTF_8);
        byte[] conflict = ("{\"state\":{},\"version\":9" + tokenField + "}").getBytes(UTF_8);
        byte[] invalid = ("{\"state\":{\"reported\":[1]}" + tokenField + "}").getBytes(UTF_8);
        Outcome.Accepted updated = accepted(MODEL.update(ShadowState.absent(), update, -1, T0));
        List<JsonNode> bodies = new ArrayList<>();
        bodies.add(tree(updated.answer()));
        bodies.add(tree(updated.documents()));
        bodies.add(tree(updated.delta()));
        bodies.add(tree(accepted(MODEL.get(updated.newState(), simple, T0)).answer()));
        bodies.add(tree(accepted(MODEL.delete(updated.newState(), simple, T0)).answer()));
        bodies.add(tree(((Outcome.Rejected) MODEL.get(ShadowState.absent(), simple, T0)).answer()));
        bodies.add(tree(((Outcome.Rejected) MODEL.delete(ShadowState.absent(), simple, T0)).answer()));
        bodies.add(tree(((Outcome.Rejected) MODEL.update(updated.newState(), conflict, -1, T0)).answer()));
        bodies.add(tree(((Outcome.Rejected) MODEL.update(updated.newState(), invalid, -1, T0)).answer()));
        bodies.add(tree(MODEL.rejection(429, "Too many requests", update, T0)));
        return bodies;
    }
}
