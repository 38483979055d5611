package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.core.session.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers churn subscriptions on a few shared paths (so pruning races with puts on the same nodes)
 * while readers match continuously. Each writer owns its client ids, so the final state is known exactly.
 */
class ConcurrentTrieAccessTest {

    private static final long RUN_MILLIS = 500;
    private static final String[] FILTERS = {"s/a/x", "s/a/b/c", "s/+/x", "s/#", "s/a", "q/r", "q/+/#", "+/a", "#",
            "s/a/x/+", "q/r/s/t"};
    private static final String[] TOPICS = {"s/a/x", "s/a/b/c", "s/a", "s", "q/r", "q/r/s/t", "x/a", "s/a/x/y"};

    @Test
    void subscriptionTreeStaysConsistentUnderConcurrentChurn() throws Exception {
        SubscriptionTree tree = new SubscriptionTree();
        Subscription stable = SubscriptionTreeTest.sub("stable", "s/a/x");
        Subscription stableMember = SubscriptionTreeTest.shared("stable", "sg", "s/+/x");
        tree.put(stable);
        tree.put(stableMember);

        int writers = 4;
        List<Map<String, Subscription>> models = new ArrayList<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong matches = new AtomicLong();
        long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
        List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < writers; w++) {
            Map<String, Subscription> model = new HashMap<>();
            models.add(model);
            String prefix = "w" + w + "-";
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    String client = prefix + rnd.nextInt(6);
                    String filter = FILTERS[rnd.nextInt(FILTERS.length)];
                    String group = rnd.nextInt(3) == 0 ? "g" + rnd.nextInt(2) : null;
                    String key = client + "|" + group + "|" + filter;
                    if (rnd.nextBoolean()) {
                        Subscription s = new Subscription(client, filter, group, rnd.nextInt(3), false, false, 0, 0);
                        assertThat(tree.put(s)).isEqualTo(model.put(key, s));
                    } else {
                        assertThat(tree.remove(client, group, filter)).isEqualTo(model.remove(key));
                    }
                }
            })));
        }
        for (int r = 0; r < 3; r++) {
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                while (System.nanoTime() < deadline) {
                    RecordingVisitor v = RecordingVisitor.match(tree, "s/a/x");
                    // The stable entries live next to nodes that are constantly pruned and re-created.
                    assertThat(v.subscribers).contains(stable);
                    assertThat(v.groups).anySatisfy(g -> assertThat(g.members()).contains(stableMember));
                    matches.incrementAndGet();
                }
            })));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(errors).isEmpty();
        assertThat(matches.get()).isPositive();
        List<Subscription> expected = new ArrayList<>(List.of(stable, stableMember));
        models.forEach(m -> expected.addAll(m.values()));
        assertThat(tree.size()).isEqualTo(expected.size());
        for (String topic : TOPICS) {
            List<String> want = new ArrayList<>();
            for (Subscription s : expected) {
                if (TopicRules.matches(s.filter(), topic)) {
                    want.add(s.clientId() + ":" + s.fullFilter());
                }
            }
            List<String> got = new ArrayList<>();
            RecordingVisitor v = RecordingVisitor.match(tree, topic);
            v.subscribers.forEach(s -> got.add(s.clientId() + ":" + s.fullFilter()));
            v.groups.forEach(g -> {
                assertThat(g.size()).as("no empty group left behind").isPositive();
                for (Subscription m : g.members()) {
                    got.add(m.clientId() + ":" + m.fullFilter());
                }
            });
            assertThat(got).as("topic %s", topic).containsExactlyInAnyOrderElementsOf(want);
        }
    }

    @Test
    void retainedIndexStaysConsistentUnderConcurrentChurn() throws Exception {
        RetainedIndex<String> index = new RetainedIndex<>();
        index.put("s/a", "stable");
        int writers = 4;
        List<Map<String, String>> models = new ArrayList<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
        List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < writers; w++) {
            Map<String, String> model = new HashMap<>();
            models.add(model);
            String own = "w" + w;
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    // Writers share the upper levels ("s/a/...") so their pruning hits each other's paths.
                    String topic = "s/a/" + rnd.nextInt(3) + (rnd.nextBoolean() ? "/" + own : "/" + own + "/z");
                    if (rnd.nextBoolean()) {
                        String value = topic + "#" + rnd.nextInt(100);
                        assertThat(index.put(topic, value)).isEqualTo(model.put(topic, value));
                    } else {
                        assertThat(index.remove(topic)).isEqualTo(model.remove(topic));
                    }
                }
            })));
        }
        for (int r = 0; r < 3; r++) {
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                while (System.nanoTime() < deadline) {
                    List<String> seen = new ArrayList<>();
                    index.match("s/#", (t, v) -> seen.add(t));
                    assertThat(seen).contains("s/a");
                    assertThat(index.get("s/a")).isEqualTo("stable");
                }
            })));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(errors).isEmpty();
        Map<String, String> expected = new HashMap<>(Map.of("s/a", "stable"));
        models.forEach(expected::putAll);
        Map<String, String> actual = new HashMap<>();
        index.forEach(actual::put);
        assertThat(actual).isEqualTo(expected);
        assertThat(index.size()).isEqualTo(expected.size());
        Map<String, String> viaMatch = new HashMap<>();
        index.match("#", viaMatch::put);
        assertThat(viaMatch).isEqualTo(expected);
    }

    /**
     * The narrow race pruning must survive: a put walks to a node that is empty because its last
     * subscription is being removed, and that node is unlinked before the put locks it. Many threads
     * toggling one deep filter hit this window often; a put written into an unlinked node would be
     * lost, which the per-operation checks and the final state expose.
     */
    @Test
    void putsRacingWithPruningOnTheSameFilterAreNeverLost() throws Exception {
        SubscriptionTree tree = new SubscriptionTree();
        String[] filters = {"p/q/r/s/t", "p/q/r/s/+", "p/q/#"};
        List<Map<String, Subscription>> models = new ArrayList<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Map<String, Subscription> model = new HashMap<>();
            models.add(model);
            String client = "w" + w;
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    String filter = filters[rnd.nextInt(filters.length)];
                    if (rnd.nextBoolean()) {
                        Subscription s = SubscriptionTreeTest.sub(client, filter, rnd.nextInt(3));
                        assertThat(tree.put(s)).isEqualTo(model.put(filter, s));
                    } else {
                        assertThat(tree.remove(client, null, filter)).isEqualTo(model.remove(filter));
                    }
                }
            })));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(errors).isEmpty();
        List<Subscription> expected = new ArrayList<>();
        models.forEach(m -> expected.addAll(m.values()));
        assertThat(tree.size()).isEqualTo(expected.size());
        List<Subscription> got = new ArrayList<>();
        for (String f : filters) {
            // Matching the filter's own text as a topic visits that node; keep only its own entries.
            RecordingVisitor.match(tree, f).subscribers.stream().filter(s -> s.filter().equals(f)).forEach(got::add);
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Same race for retained messages: many threads storing and clearing one deep topic. */
    @Test
    void putsRacingWithPruningOnTheSameTopicAreNeverLost() throws Exception {
        RetainedIndex<String> index = new RetainedIndex<>();
        String[] topics = {"p/q/r/s/t", "p/q/r/s/u", "p/q"};
        AtomicLong added = new AtomicLong(); // successful inserts minus successful removals
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            threads.add(Thread.ofPlatform().start(guard(errors, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    String topic = topics[rnd.nextInt(topics.length)];
                    if (rnd.nextBoolean()) {
                        if (index.put(topic, topic) == null) {
                            added.incrementAndGet();
                        }
                    } else if (index.remove(topic) != null) {
                        added.decrementAndGet();
                    }
                }
            })));
        }
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(errors).isEmpty();
        Map<String, String> visible = new HashMap<>();
        index.forEach(visible::put);
        // A put into an unlinked node would count as added yet be invisible.
        assertThat(visible).hasSize((int) added.get());
        assertThat(index.size()).isEqualTo(visible.size());
        visible.forEach((t, v) -> assertThat(index.get(t)).isEqualTo(t));
    }

    private static Runnable guard(Queue<Throwable> errors, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                errors.add(t);
            }
        };
    }
}
