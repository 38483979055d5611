package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.T0;
import static io.twinhub.twin.model.Shadows.json;
import static io.twinhub.twin.model.Shadows.shadow;
import static io.twinhub.twin.model.Shadows.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of the size, depth and clientToken limits. */
class LimitsTest {

    private static final ShadowModel MODEL = Shadows.MODEL;

    /** An update of reported whose serialized desired + reported is exactly {@code bytes} long. */
    private static String reportedOfSize(int bytes, String desiredJson) {
        // {"blob":"…"} is 11 bytes around the string; desired counts too
        return "{'state':{'reported':{'blob':'" + "x".repeat(bytes - 11 - desiredJson.length()) + "'}}}";
    }

    @Test
    void desiredAndReportedMayTogetherFillTheLimitExactly() {
        ShadowState state = shadow("{'state':{'desired':{'a':1}}}");

        Outcome atLimit = MODEL.update(state, json(reportedOfSize(8192, "{\"a\":1}")), -1, T0);
        Outcome overLimit = MODEL.update(state, json(reportedOfSize(8193, "{\"a\":1}")), -1, T0);

        assertThat(atLimit).isInstanceOf(Outcome.Accepted.class);
        assertThat(overLimit).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) overLimit).code()).isEqualTo(413);
    }

    @Test
    void theSizeIsMeasuredAfterTheMergeSoAnUpdateThatShrinksAFullShadowPasses() {
        ShadowModel small = new ShadowModel(new ShadowLimits(40, 6, 64));
        ShadowState state = Shadows.accepted(small.update(ShadowState.absent(),
                json("{'state':{'reported':{'a':'0123456789','b':'0123456789'}}}"), -1, T0)).newState();

        assertThat(small.update(state, json("{'state':{'reported':{'c':'0123456789'}}}"), -1, T0))
                .isInstanceOf(Outcome.Rejected.class);
        assertThat(small.update(state, json("{'state':{'reported':{'a':null,'c':'0123456789'}}}"), -1, T0))
                .isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void metadataAndTheDeltaDoNotCountTowardsTheLimit() {
        ShadowModel small = new ShadowModel(new ShadowLimits(18, 6, 64));

        // {"a":1,"b":2,"c":3} is 19 bytes; {"a":1,"b":2} is 13, and its metadata and delta are far more
        assertThat(small.update(ShadowState.absent(), json("{'state':{'desired':{'a':1,'b':2,'c':3}}}"), -1, T0))
                .isInstanceOf(Outcome.Rejected.class);
        assertThat(small.update(ShadowState.absent(), json("{'state':{'desired':{'a':1,'b':2},'reported':{}}}"), -1,
                T0)).isInstanceOf(Outcome.Accepted.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {'a':{'b':{'c':{'d':{'e':{'f':1}}}}}}         | true
            {'a':{'b':{'c':{'d':{'e':{'f':{'g':1}}}}}}}   | false
            {'a':{'b':{'c':{'d':{'e':[1]}}}}}             | true
            {'a':{'b':{'c':{'d':{'e':{'f':[1]}}}}}}       | false
            {'a':[[[[[1]]]]]}                            | true
            {'a':[[[[[[1]]]]]]}                          | false
            {'a':{'b':{'c':{'d':{'e':{'f':{}}}}}}}        | true
            {'a':{'b':{'c':{'d':{'e':{'f':[]}}}}}}        | true
            {'a':{'b':{'c':{'d':{'e':{'f':{'g':null}}}}}}} | false
            """)
    void nestingIsCountedFromTheKeysOfTheSection(String section, boolean accepted) {
        for (String name : new String[] {"desired", "reported"}) {
            Outcome outcome = MODEL.update(ShadowState.absent(), json("{'state':{'" + name + "':" + section + "}}"),
                    -1, T0);

            assertThat(outcome instanceof Outcome.Accepted).as(name + " " + section).isEqualTo(accepted);
        }
    }

    @Test
    void theDepthLimitCanBeChanged() {
        ShadowModel shallow = new ShadowModel(new ShadowLimits(8192, 2, 64));

        assertThat(shallow.update(ShadowState.absent(), json("{'state':{'desired':{'a':{'b':1}}}}"), -1, T0))
                .isInstanceOf(Outcome.Accepted.class);
        Outcome deep = shallow.update(ShadowState.absent(), json("{'state':{'desired':{'a':{'b':{'c':1}}}}}"), -1, T0);
        assertThat(tree(((Outcome.Rejected) deep).answer()).get("message").asText())
                .isEqualTo("JSON contains too many levels of nesting; maximum is 2");
    }

    @ParameterizedTest
    @CsvSource({"64,x,true", "65,x,false", "32,é,true", "33,é,false", "16,😀,true", "17,😀,false"})
    void aClientTokenMayHoldSixtyFourBytesOfUtf8(int repeat, String character, boolean accepted) {
        String token = character.repeat(repeat);

        Outcome outcome = MODEL.update(ShadowState.absent(), json("{'state':{},'clientToken':'" + token + "'}"), -1, T0);

        assertThat(outcome instanceof Outcome.Accepted).isEqualTo(accepted);
        if (accepted) {
            assertThat(tree(((Outcome.Accepted) outcome).answer()).get("clientToken").asText()).isEqualTo(token);
        }
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ShadowLimits(0, 6, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShadowLimits(8192, 0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShadowLimits(8192, 6, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
