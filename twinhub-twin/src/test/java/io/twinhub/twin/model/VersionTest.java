package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.MODEL;
import static io.twinhub.twin.model.Shadows.T0;
import static io.twinhub.twin.model.Shadows.accepted;
import static io.twinhub.twin.model.Shadows.json;
import static io.twinhub.twin.model.Shadows.rejected;
import static io.twinhub.twin.model.Shadows.tree;
import static io.twinhub.twin.model.Shadows.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Versions: 1 for a new shadow, one more for every accepted update, never back. */
class VersionTest {

    @Test
    void theFirstUpdateMakesVersionOneAndEachUpdateAddsOne() {
        ShadowState state = ShadowState.absent();
        assertThat(state.version()).isZero();
        assertThat(state.exists()).isFalse();

        for (int i = 1; i <= 5; i++) {
            Outcome.Accepted outcome = accepted(MODEL.update(state, json("{'state':{'reported':{'n':" + i + "}}}"),
                    -1, T0 + i));
            state = outcome.newState();

            assertThat(state.version()).isEqualTo(i);
            assertThat(state.exists()).isTrue();
            assertThat(tree(outcome.answer()).get("version").asLong()).isEqualTo(i);
        }
    }

    @Test
    void anUpdateThatChangesNothingStillCountsAsAVersion() {
        ShadowState state = update(ShadowState.absent(), "{'state':{'desired':{'a':1}}}", T0);

        state = update(state, "{'state':{}}", T0 + 1);
        state = update(state, "{'state':{'desired':{'a':1}}}", T0 + 2);

        assertThat(state.version()).isEqualTo(3);
    }

    @Test
    void aMatchingVersionIsAcceptedAndAStaleOneIsAConflict() {
        ShadowState state = update(ShadowState.absent(), "{'state':{'desired':{'a':1}}}", T0);
        state = update(state, "{'state':{'desired':{'a':2}},'version':1}", T0 + 1);
        assertThat(state.version()).isEqualTo(2);

        Outcome.Rejected stale = rejected(MODEL.update(state, json("{'state':{'desired':{'a':3}},'version':1}"), -1,
                T0 + 2));

        assertThat(stale.code()).isEqualTo(409);
        assertThat(Shadows.sections(state)).isEqualTo(tree("{'desired':{'a':2}}"));
    }

    @Test
    void versionZeroCreatesAShadowOnlyIfItNeverExisted() {
        ShadowState created = update(ShadowState.absent(), "{'state':{},'version':0}", T0);

        assertThat(created.version()).isEqualTo(1);
        assertThat(MODEL.update(created, json("{'state':{},'version':0}"), -1, T0))
                .isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void aVersionWrittenAsAWholeDecimalCounts() {
        ShadowState state = update(ShadowState.absent(), "{'state':{}}", T0);

        assertThat(update(state, "{'state':{},'version':1.0}", T0).version()).isEqualTo(2);
    }

    @Test
    void anIfMatchVersionIsCheckedLikeTheRequestsVersion() {
        ShadowState state = update(ShadowState.absent(), "{'state':{}}", T0);

        Outcome.Accepted withIfMatch = accepted(MODEL.update(state, json("{'state':{}}"), 1, T0));
        Outcome.Accepted withBoth = accepted(MODEL.update(withIfMatch.newState(), json("{'state':{},'version':2}"), 2,
                T0));

        assertThat(withBoth.newState().version()).isEqualTo(3);
    }

    @Test
    void aDeletedShadowKeepsItsVersionAndARecreatedOneContinuesFromIt() {
        ShadowState state = ShadowState.absent();
        for (int i = 0; i < 3; i++) {
            state = update(state, "{'state':{'desired':{'a':" + i + "}}}", T0);
        }

        Outcome.Accepted deleted = accepted(MODEL.delete(state, json("{'clientToken':'d'}"), T0 + 10));
        ShadowState tombstone = deleted.newState();

        assertThat(tree(deleted.answer())).isEqualTo(tree("{'version':3,'timestamp':1700000010,'clientToken':'d'}"));
        assertThat(tombstone.exists()).isFalse();
        assertThat(tombstone.version()).isEqualTo(3);
        assertThat(MODEL.update(tombstone, json("{'state':{},'version':0}"), -1, T0)).isInstanceOf(Outcome.Rejected.class);

        Outcome.Accepted recreated = accepted(MODEL.update(tombstone,
                json("{'state':{'reported':{'b':1}},'version':3}"), -1, T0 + 20));

        assertThat(recreated.newState().version()).isEqualTo(4);
        assertThat(Shadows.sections(recreated.newState())).isEqualTo(tree("{'reported':{'b':1}}"));
        assertThat(tree(recreated.documents()).get("previous").isNull()).isTrue();
    }

    @Test
    void aTombstoneIsStoredAndReadBackWithItsVersion() {
        ShadowState tombstone = accepted(MODEL.delete(update(ShadowState.absent(), "{'state':{}}", T0), null, T0 + 1))
                .newState();

        ShadowState read = ShadowState.fromBytes(tombstone.toBytes());

        assertThat(read.exists()).isFalse();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.timestamp()).isEqualTo(T0 + 1);
        assertThat(update(read, "{'state':{}}", T0 + 2).version()).isEqualTo(2);
    }

    @Test
    void getAndRejectionsLeaveTheStateAsItIs() {
        ShadowState state = update(ShadowState.absent(), "{'state':{}}", T0);

        assertThat(accepted(MODEL.get(state, null, T0 + 1)).newState()).isSameAs(state);
        assertThat(state.version()).isEqualTo(1);
    }
}
