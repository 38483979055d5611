package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.MODEL;
import static io.twinhub.twin.model.Shadows.accepted;
import static io.twinhub.twin.model.Shadows.document;
import static io.twinhub.twin.model.Shadows.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Properties that must hold for any shadow, checked on thousands of random desired and reported
 * trees. The expected results are worked out here independently, on maps from leaf path to leaf
 * value, not with the model's tree walks. Each case comes from a seed, named in the failure.
 */
class ShadowPropertiesTest {

    private static final int CASES = 1_000;
    private static final long T_DESIRED = 1_700_000_100L;
    private static final long T_REPORTED = 1_700_000_200L;

    @Test
    void theDeltaIsExactlyTheDesiredLeavesThatDifferFromReported() {
        int noDelta = 0;
        int partialDelta = 0;
        for (long seed = 1; seed <= CASES; seed++) {
            RandomTrees trees = new RandomTrees(seed);
            ObjectNode desired = trees.object(1, 0);
            ObjectNode reported = trees.chance(0.7) ? trees.reportedFor(desired, 1) : trees.object(1, 0);
            String described = "seed " + seed + ": desired " + desired + ", reported " + reported;

            Outcome.Accepted last = desiredThenReportedInEitherOrder(trees, desired, reported);

            Map<List<String>, JsonNode> expected = expectedDelta(desired, reported);
            JsonNode delta = document(last.newState()).at("/state/delta");
            assertThat(RandomTrees.leaves(delta)).as(described).isEqualTo(expected);
            assertThat(!delta.isMissingNode() && RandomTrees.hasEmptyObject(delta)).as(described).isFalse();
            assertThat(last.delta() == null).as(described).isEqualTo(expected.isEmpty());
            noDelta += expected.isEmpty() ? 1 : 0;
            partialDelta += !expected.isEmpty() && expected.size() < RandomTrees.leaves(desired).size() ? 1 : 0;
            if (!expected.isEmpty()) {
                JsonNode message = tree(last.delta());
                assertThat(message.get("state")).as(described).isEqualTo(delta);
                assertThat(message.get("metadata")).as(described).isEqualTo(stamps(expected.keySet(), T_DESIRED));
            }
        }
        // the cases must mix shadows in sync with shadows partly out of sync, or the check proves little
        assertThat(noDelta).isGreaterThan(CASES / 10);
        assertThat(partialDelta).isGreaterThan(CASES / 10);
    }

    @Test
    void anUpdateChangesExactlyTheLeavesItNamesAndStampsThem() {
        for (long seed = 1; seed <= CASES; seed++) {
            RandomTrees trees = new RandomTrees(seed);
            ObjectNode before = trees.object(1, 0);
            ObjectNode patch = trees.object(1, 0.2);
            String described = "seed " + seed + ": before " + before + ", patch " + patch;

            ShadowState first = update(ShadowState.absent(), "{\"state\":{\"desired\":" + before + "}}", T_DESIRED)
                    .newState();
            ShadowState second = update(first, "{\"state\":{\"desired\":" + patch + "}}", T_REPORTED).newState();

            Map<List<String>, JsonNode> expected = expectedMerge(RandomTrees.leaves(before), patch);
            JsonNode after = document(second).at("/state/desired");
            assertThat(RandomTrees.leaves(after)).as(described).isEqualTo(expected);
            assertThat(!after.isMissingNode() && RandomTrees.hasEmptyObject(after)).as(described).isFalse();
            assertThat(document(second).at("/metadata/desired")).as(described)
                    .isEqualTo(expected.isEmpty() ? document(second).missingNode() : stampsAfterMerge(expected, patch));
            assertThat(ShadowState.fromBytes(second.toBytes()).documentJson("x")).as(described)
                    .isEqualTo(second.documentJson("x"));
        }
    }

    private static Outcome.Accepted desiredThenReportedInEitherOrder(RandomTrees trees, ObjectNode desired,
                                                                     ObjectNode reported) {
        String setDesired = "{\"state\":{\"desired\":" + desired + "}}";
        String setReported = "{\"state\":{\"reported\":" + reported + "}}";
        if (trees.chance(0.5)) {
            ShadowState state = update(ShadowState.absent(), setDesired, T_DESIRED).newState();
            return update(state, setReported, T_REPORTED);
        }
        ShadowState state = update(ShadowState.absent(), setReported, T_REPORTED).newState();
        return update(state, setDesired, T_DESIRED);
    }

    /** Desired leaves whose path has no reported leaf, or a reported leaf of another value. */
    private static Map<List<String>, JsonNode> expectedDelta(JsonNode desired, JsonNode reported) {
        Map<List<String>, JsonNode> reportedLeaves = RandomTrees.leaves(reported);
        Map<List<String>, JsonNode> delta = new LinkedHashMap<>();
        RandomTrees.leaves(desired).forEach((path, wanted) -> {
            JsonNode actual = reportedLeaves.get(path);
            if (actual == null || !RandomTrees.canonical(wanted).equals(RandomTrees.canonical(actual))) {
                delta.put(path, wanted);
            }
        });
        return delta;
    }

    /**
     * The leaves after a patch: an object in the patch replaces a leaf at its path; a patch leaf
     * replaces whatever was at or below its path; a null removes what was at or below its path.
     */
    private static Map<List<String>, JsonNode> expectedMerge(Map<List<String>, JsonNode> before, JsonNode patch) {
        Map<List<String>, JsonNode> after = new LinkedHashMap<>(before);
        RandomTrees.objectPaths(patch).forEach(after::remove);
        RandomTrees.leaves(patch).forEach((path, value) -> {
            after.keySet().removeIf(existing -> existing.size() >= path.size()
                    && existing.subList(0, path.size()).equals(path));
            if (!value.isNull()) {
                after.put(path, value);
            }
        });
        return after;
    }

    /** Metadata for the merged leaves: the patch's time for leaves it wrote, the first time for others. */
    private static JsonNode stampsAfterMerge(Map<List<String>, JsonNode> leaves, JsonNode patch) {
        Map<List<String>, JsonNode> written = RandomTrees.leaves(patch);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        leaves.keySet().forEach(path -> put(metadata, path, written.containsKey(path) ? T_REPORTED : T_DESIRED));
        return metadata;
    }

    private static JsonNode stamps(Iterable<List<String>> paths, long timestamp) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        paths.forEach(path -> put(metadata, path, timestamp));
        return metadata;
    }

    private static void put(ObjectNode root, List<String> path, long timestamp) {
        ObjectNode parent = root;
        for (String key : path.subList(0, path.size() - 1)) {
            parent = parent.has(key) ? (ObjectNode) parent.get(key) : parent.putObject(key);
        }
        // an int node, as the parser reads these timestamps back: IntNode and LongNode never compare equal
        parent.putObject(path.get(path.size() - 1)).put("timestamp", Math.toIntExact(timestamp));
    }

    private static Outcome.Accepted update(ShadowState state, String request, long now) {
        return accepted(MODEL.update(state, request.getBytes(UTF_8), ShadowModel.ANY_VERSION, now));
    }
}
