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

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When each value of a shadow was last written. */
class MetadataTest {

    private static final long T1 = T0 + 60;

    @Test
    void everyLeafCarriesTheTimeOfTheUpdateThatWroteIt() {
        ShadowState state = shadow("{'state':{'desired':{'a':1,'n':{'b':'x','c':[1,2]}}}}");

        state = update(state, "{'state':{'desired':{'n':{'b':'y'}},'reported':{'a':1}}}", T1);

        assertThat(document(state).get("metadata")).isEqualTo(tree(
                "{'desired':{'a':{'timestamp':1700000000},'n':{'b':{'timestamp':1700000060},"
                        + "'c':{'timestamp':1700000000}}},'reported':{'a':{'timestamp':1700000060}}}"));
    }

    @Test
    void writingTheSameValueAgainRefreshesItsTimestamp() {
        ShadowState state = shadow("{'state':{'reported':{'temp':21}}}");

        state = update(state, "{'state':{'reported':{'temp':21}}}", T1);

        assertThat(document(state).at("/metadata/reported/temp/timestamp").asLong()).isEqualTo(T1);
    }

    @Test
    void anArrayHasOneTimestamp() {
        ShadowState state = shadow("{'state':{'reported':{'colors':['red',{'x':[1]}]}}}");

        assertThat(document(state).at("/metadata/reported")).isEqualTo(tree("{'colors':{'timestamp':1700000000}}"));
    }

    @Test
    void metadataOfRemovedKeysAndClearedSectionsGoesWithThem() {
        ShadowState state = shadow("{'state':{'desired':{'a':{'b':1},'c':2},'reported':{'r':1}}}");

        state = update(state, "{'state':{'desired':{'a':{'b':null}},'reported':null}}", T1);

        assertThat(document(state).get("metadata")).isEqualTo(tree("{'desired':{'c':{'timestamp':1700000000}}}"));
    }

    @Test
    void aKeyThatTurnsFromObjectIntoScalarGetsALeafTimestamp() {
        ShadowState state = shadow("{'state':{'desired':{'a':{'timestamp':5}}}}");
        assertThat(document(state).at("/metadata/desired"))
                .isEqualTo(tree("{'a':{'timestamp':{'timestamp':1700000000}}}"));

        state = update(state, "{'state':{'desired':{'a':5}}}", T1);

        assertThat(document(state).at("/metadata/desired")).isEqualTo(tree("{'a':{'timestamp':1700000060}}"));
    }

    static Stream<Arguments> acceptedMetadata() {
        return Stream.of(
                Arguments.of("{'desired':{'a':1}}", "{'desired':{'a':{'timestamp':1700000060}}}"),
                Arguments.of("{'desired':{'a':{'b':1,'c':[1,2]}}}",
                        "{'desired':{'a':{'b':{'timestamp':1700000060},'c':{'timestamp':1700000060}}}}"),
                Arguments.of("{'reported':{'gone':null}}", "{'reported':{'gone':{'timestamp':1700000060}}}"),
                Arguments.of("{'desired':null}", "{'desired':{'timestamp':1700000060}}"),
                Arguments.of("{'desired':{'n':{}}}", "{'desired':{'n':{}}}"),
                Arguments.of("{'desired':{'a':1},'reported':{'a':2}}",
                        "{'desired':{'a':{'timestamp':1700000060}},'reported':{'a':{'timestamp':1700000060}}}"),
                Arguments.of("{}", "{}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedMetadata")
    void theAcceptedAnswerCarriesTheMetadataOfWhatTheRequestWrote(String requestState, String metadata) {
        ShadowState state = shadow("{'state':{'desired':{'a':0,'gone':1},'reported':{'gone':1}}}");

        Outcome.Accepted outcome = accepted(MODEL.update(state, json("{'state':" + requestState + "}"), -1, T1));

        assertThat(tree(outcome.answer()).get("state")).isEqualTo(tree(requestState));
        assertThat(tree(outcome.answer()).get("metadata")).isEqualTo(tree(metadata));
    }
}
