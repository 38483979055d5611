package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.MODEL;
import static io.twinhub.twin.model.Shadows.T0;
import static io.twinhub.twin.model.Shadows.accepted;
import static io.twinhub.twin.model.Shadows.document;
import static io.twinhub.twin.model.Shadows.json;
import static io.twinhub.twin.model.Shadows.shadow;
import static io.twinhub.twin.model.Shadows.tree;
import static io.twinhub.twin.model.Shadows.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which desired values a device has still to reach. */
class DeltaTest {

    static Stream<Arguments> deltas() {
        return Stream.of(
                row("none when reported matches", "{'a':1,'b':'x'}", "{'b':'x','a':1}", null),
                row("a key missing from reported", "{'a':1,'b':2}", "{'a':1}", "{'b':2}"),
                row("a differing scalar", "{'a':1,'b':2}", "{'a':1,'b':3}", "{'b':2}"),
                row("keys only in reported are left out", "{'a':1}", "{'a':2,'extra':true}", "{'a':1}"),
                row("the path of a nested leaf is kept",
                        "{'a':{'b':{'c':1,'d':2}},'e':3}", "{'a':{'b':{'c':1,'d':9}},'e':3}", "{'a':{'b':{'d':2}}}"),
                row("a desired object whose reported value is a scalar goes whole",
                        "{'a':{'b':1,'c':{'d':2}}}", "{'a':5}", "{'a':{'b':1,'c':{'d':2}}}"),
                row("a desired scalar whose reported value is an object goes",
                        "{'a':5}", "{'a':{'b':1}}", "{'a':5}"),
                row("no reported section: all of desired", "{'a':{'b':1},'c':[1]}", null, "{'a':{'b':1},'c':[1]}"),
                row("no desired section: no delta", null, "{'a':1}", null),
                row("1 and 1.0 are the same number", "{'a':1,'b':2.50}", "{'a':1.0,'b':2.5}", null),
                row("100 and 1e2 are the same number", "{'a':1e2}", "{'a':100}", null),
                row("very large integers compare exactly",
                        "{'a':123456789012345678901234567890}", "{'a':123456789012345678901234567891}",
                        "{'a':123456789012345678901234567890}"),
                row("a number and a string differ", "{'a':1,'b':true}", "{'a':'1','b':'true'}", "{'a':1,'b':true}"),
                row("equal arrays", "{'a':[1,[2,{'x':3}]]}", "{'a':[1.0,[2,{'x':3}]]}", null),
                row("a differing array is copied whole", "{'a':[1,2,3]}", "{'a':[1,2]}", "{'a':[1,2,3]}"),
                row("array order matters", "{'a':[1,2]}", "{'a':[2,1]}", "{'a':[1,2]}"),
                row("objects inside arrays compare in any key order",
                        "{'a':[{'x':1,'y':2}]}", "{'a':[{'y':2,'x':1}]}", null),
                row("objects inside arrays with different keys differ",
                        "{'a':[{'x':1}]}", "{'a':[{'x':1,'y':2}]}", "{'a':[{'x':1}]}"),
                row("a desired array against a reported object", "{'a':[1]}", "{'a':{'0':1}}", "{'a':[1]}"),
                row("six levels down",
                        "{'a':{'b':{'c':{'d':{'e':{'f':1,'g':2}}}}}}", "{'a':{'b':{'c':{'d':{'e':{'f':1}}}}}}",
                        "{'a':{'b':{'c':{'d':{'e':{'g':2}}}}}}"));
    }

    private static Arguments row(String name, String desired, String reported, String delta) {
        return Arguments.of(name, desired, reported, delta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deltas")
    void theDeltaHoldsTheDesiredLeavesThatReportedLacks(String name, String desired, String reported, String delta) {
        Outcome.Accepted outcome = accepted(MODEL.update(ShadowState.absent(), json(
                "{'state':{'desired':" + desired + ",'reported':" + reported + "}}"), -1, T0));

        JsonNode stateInDocument = document(outcome.newState()).get("state");
        if (delta == null) {
            assertThat(stateInDocument.has("delta")).as("document has a delta").isFalse();
            assertThat(outcome.delta()).as("update/delta body").isNull();
            assertThat(outcome.newState().hasDelta()).isFalse();
        } else {
            assertThat(stateInDocument.get("delta")).isEqualTo(tree(delta));
            assertThat(tree(outcome.delta()).get("state")).isEqualTo(tree(delta));
            assertThat(outcome.newState().hasDelta()).isTrue();
        }
    }

    @Test
    void theDeltaFollowsEveryUpdateOfEitherSection() {
        ShadowState state = shadow("{'state':{'desired':{'light':'on','level':{'value':3}}}}");
        assertThat(document(state).at("/state/delta")).isEqualTo(tree("{'light':'on','level':{'value':3}}"));

        state = update(state, "{'state':{'reported':{'light':'on','level':{'value':2}}}}", T0 + 1);
        assertThat(document(state).at("/state/delta")).isEqualTo(tree("{'level':{'value':3}}"));

        state = update(state, "{'state':{'reported':{'level':{'value':3}}}}", T0 + 2);
        assertThat(document(state).at("/state").has("delta")).isFalse();

        state = update(state, "{'state':{'reported':null}}", T0 + 3);
        assertThat(document(state).at("/state/delta")).isEqualTo(tree("{'light':'on','level':{'value':3}}"));
    }

    @Test
    void theDeltaMessageCarriesTheFullDeltaAndTheDesiredTimestampsOfItsLeaves() {
        ShadowState state = shadow("{'state':{'desired':{'a':1,'n':{'b':2,'c':3}},'reported':{'n':{'c':3}}}}");

        Outcome.Accepted outcome = accepted(MODEL.update(state,
                json("{'state':{'reported':{'a':0}},'clientToken':'r1'}"), -1, T0 + 7));

        assertThat(Shadows.text(outcome.delta())).isEqualTo(Shadows.q(
                "{'state':{'a':1,'n':{'b':2}},'metadata':{'a':{'timestamp':1700000000},"
                        + "'n':{'b':{'timestamp':1700000000}}},'version':2,'timestamp':1700000007,"
                        + "'clientToken':'r1'}"));
    }

    @Test
    void anUpdateThatEndsTheDeltaPublishesNoDeltaMessage() {
        ShadowState state = shadow("{'state':{'desired':{'a':1}}}");

        Outcome.Accepted outcome = accepted(MODEL.update(state, json("{'state':{'reported':{'a':1}}}"), -1, T0 + 1));

        assertThat(outcome.delta()).isNull();
    }
}
