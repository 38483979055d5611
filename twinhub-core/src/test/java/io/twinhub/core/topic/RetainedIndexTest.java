package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetainedIndexTest {

    private final RetainedIndex<String> index = new RetainedIndex<>();

    private List<String> matching(String filter) {
        List<String> topics = new ArrayList<>();
        index.match(filter, (t, v) -> {
            assertThat(v).isEqualTo("v:" + t);
            topics.add(t);
        });
        return topics;
    }

    private void store(String... topics) {
        for (String t : topics) {
            index.put(t, "v:" + t);
        }
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" = {2}")
    @MethodSource("io.twinhub.core.topic.TopicRulesTest#matchCases")
    void matchesLikeTheSpecExamples(String filter, String topic, boolean expected) {
        store(topic);
        assertThat(matching(filter)).hasSize(expected ? 1 : 0);
    }

    @Test
    void putGetRemoveAndSize() {
        assertThat(index.put("a/b", "1")).isNull();
        assertThat(index.put("a/b", "2")).isEqualTo("1");
        assertThat(index.put("a", "3")).isNull();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("a/b")).isEqualTo("2");
        assertThat(index.get("a")).isEqualTo("3");
        assertThat(index.get("a/b/c")).isNull();
        assertThat(index.get("x")).isNull();

        assertThat(index.remove("a/b")).isEqualTo("2");
        assertThat(index.remove("a/b")).isNull();
        assertThat(index.remove("nothing/here")).isNull();
        assertThat(index.get("a")).isEqualTo("3");
        assertThat(index.size()).isEqualTo(1);

        assertThatThrownBy(() -> index.put("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void wildcardsFindAllMatchingTopics() {
        store("sport", "sport/tennis", "sport/tennis/player1", "sport/golf", "/finance", "finance", "$SYS/load",
                "sport/", "sport//x");
        assertThat(matching("#")).containsExactlyInAnyOrder("sport", "sport/tennis", "sport/tennis/player1",
                "sport/golf", "/finance", "finance", "sport/", "sport//x");
        assertThat(matching("sport/#")).containsExactlyInAnyOrder("sport", "sport/tennis", "sport/tennis/player1",
                "sport/golf", "sport/", "sport//x");
        assertThat(matching("sport/+")).containsExactlyInAnyOrder("sport/tennis", "sport/golf", "sport/");
        assertThat(matching("+")).containsExactlyInAnyOrder("sport", "finance");
        assertThat(matching("+/+")).containsExactlyInAnyOrder("sport/tennis", "sport/golf", "/finance", "sport/");
        assertThat(matching("+/+/#")).containsExactlyInAnyOrder("sport/tennis", "sport/tennis/player1",
                "sport/golf", "/finance", "sport/", "sport//x");
        assertThat(matching("$SYS/#")).containsExactly("$SYS/load");
        assertThat(matching("+/load")).isEmpty();
        assertThat(matching("sport/tennis")).containsExactly("sport/tennis");
        assertThat(matching("nope/#")).isEmpty();
    }

    @Test
    void forEachVisitsEverythingIncludingDollarTopics() {
        store("a", "a/b", "$SYS/x", "/");
        Map<String, String> all = new HashMap<>();
        index.forEach(all::put);
        assertThat(all).containsOnlyKeys("a", "a/b", "$SYS/x", "/");
    }

    @Test
    void prunedBranchesCanBeReused() {
        store("a/b/c", "a/b");
        index.remove("a/b/c");
        index.remove("a/b");
        assertThat(matching("#")).isEmpty();
        assertThat(index.size()).isZero();
        store("a/b/c");
        assertThat(matching("a/#")).containsExactly("a/b/c");
    }
}
