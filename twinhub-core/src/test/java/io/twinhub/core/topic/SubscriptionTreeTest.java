package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.core.session.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionTreeTest {

    private final SubscriptionTree tree = new SubscriptionTree();

    static Subscription sub(String clientId, String filter) {
        return sub(clientId, filter, 1);
    }

    static Subscription sub(String clientId, String filter, int qos) {
        return new Subscription(clientId, filter, null, qos, false, false, 0, 0);
    }

    static Subscription shared(String clientId, String group, String filter) {
        return new Subscription(clientId, filter, group, 1, false, false, 0, 0);
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" = {2}")
    @MethodSource("io.twinhub.core.topic.TopicRulesTest#matchCases")
    void matchesLikeTheSpecExamples(String filter, String topic, boolean expected) {
        tree.put(sub("c", filter));
        tree.put(shared("s", "g", filter));
        RecordingVisitor v = RecordingVisitor.match(tree, topic);
        assertThat(v.subscribers).hasSize(expected ? 1 : 0);
        assertThat(v.groups).hasSize(expected ? 1 : 0);
    }

    @Test
    void putReplacesTheSameClientFilterAndGroup() {
        assertThat(tree.put(sub("c1", "a/b", 0))).isNull();
        Subscription replaced = tree.put(sub("c1", "a/b", 2));
        assertThat(replaced).isEqualTo(sub("c1", "a/b", 0));
        assertThat(tree.size()).isEqualTo(1);
        assertThat(RecordingVisitor.match(tree, "a/b").subscribers).containsExactly(sub("c1", "a/b", 2));

        Subscription member = shared("c1", "g", "a/b");
        assertThat(tree.put(member)).isNull();                 // shared is a different entry than ordinary
        assertThat(tree.put(shared("c1", "g", "a/b"))).isEqualTo(member);
        assertThat(tree.put(shared("c1", "h", "a/b"))).isNull(); // another group is another entry
        assertThat(tree.size()).isEqualTo(3);
    }

    @Test
    void overlappingSubscriptionsAreEachReported() {
        tree.put(sub("c1", "a/#"));
        tree.put(sub("c1", "a/+"));
        tree.put(sub("c1", "a/b"));
        tree.put(sub("c1", "#"));
        tree.put(sub("c2", "a/b"));
        tree.put(sub("c3", "a/c"));

        RecordingVisitor v = RecordingVisitor.match(tree, "a/b");
        assertThat(v.fullFilters()).containsExactlyInAnyOrder("c1:a/#", "c1:a/+", "c1:a/b", "c1:#", "c2:a/b");
        assertThat(RecordingVisitor.match(tree, "a").fullFilters()).containsExactlyInAnyOrder("c1:a/#", "c1:#");
        assertThat(RecordingVisitor.match(tree, "b").fullFilters()).containsExactly("c1:#");
    }

    @Test
    void dollarTopicsNeedAnExplicitFirstLevel() {
        tree.put(sub("all", "#"));
        tree.put(sub("plus", "+/x"));
        tree.put(sub("sys", "$SYS/#"));
        tree.put(sub("sysx", "$SYS/+"));
        assertThat(RecordingVisitor.match(tree, "$SYS/x").clientIds()).containsExactlyInAnyOrder("sys", "sysx");
        assertThat(RecordingVisitor.match(tree, "$SYS").clientIds()).containsExactly("sys");
        assertThat(RecordingVisitor.match(tree, "SYS/x").clientIds()).containsExactlyInAnyOrder("all", "plus");
    }

    @Test
    void sharedMembersOfOneGroupAreReportedAsOneGroup() {
        tree.put(shared("c1", "g", "t/+"));
        tree.put(shared("c2", "g", "t/+"));
        tree.put(shared("c3", "h", "t/+"));
        tree.put(shared("c4", "g", "t/#"));  // same group name, other filter: a separate group

        RecordingVisitor v = RecordingVisitor.match(tree, "t/1");
        assertThat(v.subscribers).isEmpty();
        assertThat(v.fullFilters()).containsExactlyInAnyOrder("$share/g/t/+", "$share/h/t/+", "$share/g/t/#");
        SharedGroup g = v.groups.stream().filter(x -> x.group().equals("g") && x.filter().equals("t/+"))
                .findFirst().orElseThrow();
        assertThat(g.members()).extracting(Subscription::clientId).containsExactlyInAnyOrder("c1", "c2");
        assertThat(tree.size()).isEqualTo(4);
    }

    @Test
    void removeReturnsTheEntryAndDropsEmptyGroups() {
        tree.put(sub("c1", "a/b"));
        tree.put(shared("c1", "g", "a/b"));
        tree.put(shared("c2", "g", "a/b"));

        assertThat(tree.remove("c1", null, "a/b")).isEqualTo(sub("c1", "a/b"));
        assertThat(tree.remove("c1", null, "a/b")).isNull();
        assertThat(tree.remove("c1", null, "a/x")).isNull();
        assertThat(tree.remove("c9", "g", "a/b")).isNull();
        assertThat(tree.remove("c1", "nope", "a/b")).isNull();

        assertThat(tree.remove("c1", "g", "a/b")).isEqualTo(shared("c1", "g", "a/b"));
        assertThat(RecordingVisitor.match(tree, "a/b").groups).singleElement()
                .satisfies(g -> assertThat(g.size()).isEqualTo(1));
        assertThat(tree.remove("c2", "g", "a/b")).isNotNull();
        assertThat(RecordingVisitor.match(tree, "a/b").groups).isEmpty();
        assertThat(tree.size()).isZero();
    }

    @Test
    void prunedBranchesCanBeReused() {
        tree.put(sub("c1", "a/b/c/d"));
        tree.put(sub("c2", "a/+/#"));
        tree.remove("c1", null, "a/b/c/d");
        tree.remove("c2", null, "a/+/#");
        assertThat(RecordingVisitor.match(tree, "a/b/c/d").subscribers).isEmpty();

        tree.put(sub("c3", "a/b/c/d"));
        tree.put(sub("c4", "a/+/#"));
        assertThat(RecordingVisitor.match(tree, "a/b/c/d").clientIds()).containsExactlyInAnyOrder("c3", "c4");
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void removingOneBranchKeepsItsSiblings() {
        tree.put(sub("c1", "a/b"));
        tree.put(sub("c2", "a/b/c"));
        tree.put(sub("c3", "a/+"));
        tree.remove("c2", null, "a/b/c");
        assertThat(RecordingVisitor.match(tree, "a/b").clientIds()).containsExactlyInAnyOrder("c1", "c3");
        tree.remove("c1", null, "a/b");
        assertThat(RecordingVisitor.match(tree, "a/b").clientIds()).containsExactly("c3");
    }
}
