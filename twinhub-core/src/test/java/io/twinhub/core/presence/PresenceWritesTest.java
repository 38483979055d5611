package io.twinhub.core.presence;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.store.BrokerStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceWritesTest {

    /** A store whose groups stay in flight until the test completes them. */
    private static final class HeldStore {
        final List<List<Message>> committed = new ArrayList<>();
        final List<BrokerStore.CommitCallback> inFlight = new ArrayList<>();
        final List<Long> committedAtNanos = new ArrayList<>();

        BrokerStore store() {
            return (BrokerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BrokerStore.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("newUnsyncedGroup")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        return group();
                    });
        }

        private BrokerStore.WriteGroup group() {
            List<Message> puts = new ArrayList<>();
            return (BrokerStore.WriteGroup) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BrokerStore.WriteGroup.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "putRetained" -> puts.add((Message) args[0]);
                            case "commit" -> {
                                synchronized (this) {
                                    committed.add(puts);
                                    committedAtNanos.add(System.nanoTime());
                                    inFlight.add((BrokerStore.CommitCallback) args[0]);
                                }
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }

        /** Completes the oldest group in flight. */
        void completeOne() {
            BrokerStore.CommitCallback callback;
            synchronized (this) {
                callback = inFlight.removeFirst();
            }
            callback.committed(null);
        }

        synchronized List<String> payloads(int group) {
            return committed.get(group).stream()
                    .map(m -> m.topic() + "=" + new String(m.payload().toByteArray(), StandardCharsets.US_ASCII)).toList();
        }
    }

    private static Message document(String device, String body) {
        return new Message(PresenceTopics.presence(device), 1, true, new BytesPayload(body.getBytes(StandardCharsets.US_ASCII)),
                MessageProperties.NONE, Message.NO_EXPIRY, null);
    }

    @Test
    void oneGroupInFlightAndWhatComesMeanwhileGoesNextNewestPerDeviceOnly() {
        HeldStore held = new HeldStore();
        PresenceWrites writes = new PresenceWrites(held.store(), null, 0);

        writes.add(document("a", "1"));
        assertThat(held.committed).hasSize(1);
        writes.add(document("b", "1"));
        writes.add(document("a", "2"));
        writes.add(document("a", "3"));
        assertThat(held.committed).as("the first group is still in flight").hasSize(1);
        assertThat(writes.waiting()).isEqualTo(2);

        held.completeOne();
        assertThat(held.committed).hasSize(2);
        assertThat(held.payloads(1)).containsExactly(
                PresenceTopics.presence("b") + "=1", PresenceTopics.presence("a") + "=3");

        held.completeOne();
        assertThat(writes.waiting()).isZero();
        writes.add(document("c", "1"));
        assertThat(held.committed).as("nothing in flight: written at once").hasSize(3);
        assertThat(held.payloads(2)).containsExactly(PresenceTopics.presence("c") + "=1");
    }

    /**
     * A store that completes every group inside commit() (as one that refuses a full queue at
     * once does), while a new document arrives during each commit: 200,000 groups in a row must
     * not deepen the stack.
     */
    @Test
    void groupsCompletedInsideCommitAreContinuedByALoopNotByRecursion() {
        int groups = 200_000;
        int[] committed = {0};
        PresenceWrites[] writes = new PresenceWrites[1];
        BrokerStore inline = (BrokerStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BrokerStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("newUnsyncedGroup")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {BrokerStore.WriteGroup.class}, (g, m, a) -> {
                                if (m.getName().equals("commit")) {
                                    int n = ++committed[0];
                                    if (n < groups) {
                                        writes[0].add(document("d" + (n % 7), Integer.toString(n)));
                                    }
                                    ((BrokerStore.CommitCallback) a[0]).committed(new IllegalStateException("refused"));
                                }
                                return null;
                            });
                });
        writes[0] = new PresenceWrites(inline, null, 0);
        writes[0].add(document("d0", "0"));
        assertThat(committed[0]).isEqualTo(groups);
        assertThat(writes[0].waiting()).isZero();
        writes[0].add(document("d1", "again"));
        assertThat(committed[0]).as("nothing left in flight: the next document is written at once").isEqualTo(groups + 1);
    }

    @Test
    void underConcurrentAnnouncementsTheLastDocumentOfEveryDeviceIsStoredAndNothingStaysBehind() throws Exception {
        HeldStore held = new HeldStore();
        PresenceWrites writes = new PresenceWrites(held.store(), null, 0);
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writes.add(document("d" + thread + "-" + (i % 50), Integer.toString(i)));
                    }
                    done.countDown();
                });
            }
            // the store completes groups while announcements keep coming
            pool.execute(() -> {
                while (done.getCount() > 0 || hasInFlight(held)) {
                    if (hasInFlight(held)) {
                        held.completeOne();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writes.waiting()).isZero();
        Map<String, String> stored = new ConcurrentHashMap<>();
        for (int g = 0; g < held.committed.size(); g++) {
            for (String entry : held.payloads(g)) {
                String[] kv = entry.split("=");
                stored.put(kv[0], kv[1]);  // later groups overwrite earlier ones, as in the store
            }
        }
        assertThat(stored).hasSize(threads * 50);
        for (int t = 0; t < threads; t++) {
            for (int d = 0; d < 50; d++) {
                int last = perThread - 50 + d;
                assertThat(stored.get(PresenceTopics.presence("d" + t + "-" + d))).isEqualTo(Integer.toString(last));
            }
        }
        assertThat(held.committed.size()).as("batched").isLessThan(threads * perThread);
    }

    @Test
    void pacedGroupsStartAtMostOncePerIntervalAndAfterAQuietSpellAtOnce() throws Exception {
        HeldStore held = new HeldStore();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            PresenceWrites writes = new PresenceWrites(held.store(), timer, 1_000);
            writes.add(document("a", "1"));
            assertThat(held.committed).as("quiet before: written at once").hasSize(1);
            held.completeOne();

            writes.add(document("b", "1"));
            writes.add(document("c", "1"));
            assertThat(committedGroups(held)).as("the interval has not passed").isEqualTo(1);
            assertThat(writes.waiting()).isEqualTo(2);
            awaitGroups(held, 2);
            assertThat(held.payloads(1)).containsExactly(
                    PresenceTopics.presence("b") + "=1", PresenceTopics.presence("c") + "=1");
            synchronized (held) {
                assertThat(held.committedAtNanos.get(1) - held.committedAtNanos.get(0))
                        .as("started no sooner than one interval after the first")
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
            }

            writes.add(document("d", "1"));
            held.completeOne();
            assertThat(committedGroups(held)).as("completed inside the interval: the next waits for it").isEqualTo(2);
            awaitGroups(held, 3);
            assertThat(held.payloads(2)).containsExactly(PresenceTopics.presence("d") + "=1");
            held.completeOne();

            Thread.sleep(1_100);
            writes.add(document("e", "1"));
            assertThat(committedGroups(held)).as("quiet again: at once").isEqualTo(4);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aCleanStopWritesWhatWaitsForTheTimerAndStopsPacing() {
        HeldStore held = new HeldStore();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            PresenceWrites writes = new PresenceWrites(held.store(), timer, 60_000);
            writes.add(document("a", "online"));
            held.completeOne();
            writes.add(document("a", "offline"));
            writes.add(document("b", "offline"));
            assertThat(committedGroups(held)).isEqualTo(1);

            writes.flushAndStopPacing();
            assertThat(committedGroups(held)).as("written at once, not a minute later").isEqualTo(2);
            assertThat(held.payloads(1)).containsExactly(
                    PresenceTopics.presence("a") + "=offline", PresenceTopics.presence("b") + "=offline");

            writes.add(document("c", "offline"));
            held.completeOne();
            assertThat(committedGroups(held)).as("no pacing once stopping").isEqualTo(3);
            assertThat(writes.waiting()).isZero();
        } finally {
            timer.shutdownNow();
        }
    }

    private static int committedGroups(HeldStore held) {
        synchronized (held) {
            return held.committed.size();
        }
    }

    private static void awaitGroups(HeldStore held, int groups) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (committedGroups(held) < groups && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(committedGroups(held)).isEqualTo(groups);
    }

    private static boolean hasInFlight(HeldStore held) {
        synchronized (held) {
            return !held.inFlight.isEmpty();
        }
    }
}
