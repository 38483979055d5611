package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random filters and topics over a tiny alphabet (so that many of them match), checked against the
 * straightforward {@link TopicRules#matches}. Fixed seed: failures are reproducible.
 */
class TriesAgreeWithReferenceMatcherTest {

    private static final String[] LEVELS = {"a", "b", "c", "", "$x"};
    private static final TopicRules RULES = new TopicRules(1024, 16);

    private final Random random = new Random(20240607L);

    private String randomTopic() {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(8) == 0) {
            sb.append("$SYS");
        } else {
            sb.append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        int more = random.nextInt(4);
        for (int i = 0; i < more; i++) {
            sb.append('/').append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        return sb.toString();
    }

    private String randomFilter() {
        int levels = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = random.nextInt(10);
            if (i == levels - 1 && r < 2) {
                sb.append('#');
            } else if (r < 5) {
                sb.append('+');
            } else if (i == 0 && r == 5) {
                sb.append("$SYS");
            } else {
                sb.append(LEVELS[random.nextInt(LEVELS.length)]);
            }
        }
        return sb.toString();
    }

    @Test
    void subscriptionTreeMatchesLikeTheReference() {
        Set<String> filterSet = new LinkedHashSet<>();
        for (int tries = 0; filterSet.size() < 1500 && tries < 100_000; tries++) {
            String f = randomFilter();
            if (RULES.isValidFilter(f)) { // the generator can produce "", which is no filter
                filterSet.add(f);
            }
        }
        List<String> filters = new ArrayList<>(filterSet);
        assertThat(filters).hasSize(1500);
        SubscriptionTree tree = new SubscriptionTree();
        for (int i = 0; i < filters.size(); i++) {
            String f = filters.get(i);
            tree.put(SubscriptionTreeTest.sub("c" + (i % 50), f));        // clients share several filters
            if (i % 3 == 0) {
                tree.put(SubscriptionTreeTest.shared("s" + i, "g" + (i % 2), f));
            }
        }
        // Remove a slice to exercise pruning before matching.
        for (int i = 0; i < filters.size(); i += 7) {
            tree.remove("c" + (i % 50), null, filters.get(i));
        }

        int totalMatches = 0;
        for (int n = 0; n < 3000; n++) {
            String topic = randomTopic();
            if (!RULES.isValidName(topic)) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                String f = filters.get(i);
                if (TopicRules.matches(f, topic)) {
                    if (i % 7 != 0) {
                        expected.add("c" + (i % 50) + ":" + f);
                    }
                    if (i % 3 == 0) {
                        expected.add("$share/g" + (i % 2) + "/" + f);
                    }
                }
            }
            List<String> actual = RecordingVisitor.match(tree, topic).fullFilters();
            assertThat(actual).as("topic %s", topic).containsExactlyInAnyOrderElementsOf(expected);
            totalMatches += expected.size();
        }
        assertThat(totalMatches).as("the alphabet must produce plenty of matches").isGreaterThan(10_000);
    }

    @Test
    void retainedIndexMatchesLikeTheReference() {
        Set<String> topicSet = new LinkedHashSet<>();
        // ~940 distinct topics exist over this alphabet; bounded tries so a small space cannot hang the test.
        for (int tries = 0; topicSet.size() < 600 && tries < 100_000; tries++) {
            String t = randomTopic();
            if (RULES.isValidName(t)) {
                topicSet.add(t);
            }
        }
        List<String> topics = new ArrayList<>(topicSet);
        assertThat(topics).hasSize(600);
        RetainedIndex<Integer> index = new RetainedIndex<>();
        for (int i = 0; i < topics.size(); i++) {
            index.put(topics.get(i), i);
        }
        for (int i = 0; i < topics.size(); i += 5) {
            index.remove(topics.get(i));
        }
        assertThat(index.size()).isEqualTo(topics.size() - (topics.size() + 4) / 5);

        int totalMatches = 0;
        for (int n = 0; n < 2000; n++) {
            String filter = randomFilter();
            if (!RULES.isValidFilter(filter)) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < topics.size(); i++) {
                if (i % 5 != 0 && TopicRules.matches(filter, topics.get(i))) {
                    expected.add(topics.get(i));
                }
            }
            List<String> actual = new ArrayList<>();
            index.match(filter, (t, v) -> {
                assertThat(topics.get(v)).isEqualTo(t);
                actual.add(t);
            });
            assertThat(actual).as("filter %s", filter).containsExactlyInAnyOrderElementsOf(expected);
            totalMatches += expected.size();
        }
        assertThat(totalMatches).isGreaterThan(10_000);
    }

    @Test
    void generatedTopicsExerciseTheDollarRule() {
        // Guard against the generator drifting so the '$' paths above go untested.
        Set<Boolean> seen = new LinkedHashSet<>();
        for (int n = 0; n < 500; n++) {
            String t = randomTopic();
            seen.add(t.startsWith("$"));
        }
        assertThat(seen).containsExactlyInAnyOrder(true, false);
    }
}
