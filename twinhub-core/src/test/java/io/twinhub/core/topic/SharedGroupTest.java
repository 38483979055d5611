package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.core.session.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SharedGroupTest {

    private static SharedGroup group(String... clients) {
        SharedGroup g = new SharedGroup("g", "t/#");
        for (String c : clients) {
            g.putMember(SubscriptionTreeTest.shared(c, "g", "t/#"));
        }
        return g;
    }

    private static List<String> picks(SharedGroup g, Predicate<String> online, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.pick(online).clientId());
        }
        return out;
    }

    @Test
    void emptyGroupPicksNobody() {
        assertThat(group().pick(c -> true)).isNull();
    }

    @Test
    void roundRobinOverOnlineMembers() {
        assertThat(picks(group("a", "b", "c"), c -> true, 6)).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void offlineMembersAreSkippedAndTheRestStayFair() {
        Set<String> online = Set.of("b", "d");
        assertThat(picks(group("a", "b", "c", "d"), online::contains, 6))
                .containsExactly("b", "d", "b", "d", "b", "d");
    }

    @Test
    void withNobodyOnlineFallsBackToPlainRoundRobin() {
        assertThat(picks(group("a", "b", "c"), c -> false, 4)).containsExactly("a", "b", "c", "a");
    }

    @Test
    void membersAreReplacedByClientIdAndRemovable() {
        SharedGroup g = group("a", "b");
        Subscription newer = new Subscription("a", "t/#", "g", 2, false, false, 0, 7);
        assertThat(g.putMember(newer)).isNotNull();
        assertThat(g.size()).isEqualTo(2);
        assertThat(g.members()).contains(newer);
        assertThat(g.removeMember("b")).isNotNull();
        assertThat(g.removeMember("b")).isNull();
        assertThat(g.members()).containsExactly(newer);
    }
}
