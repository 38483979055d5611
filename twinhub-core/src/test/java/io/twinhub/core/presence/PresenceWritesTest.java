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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceWritesTest {

    /** A store whose groups stay in flight until the test completes them. */
    private static final class HeldStore {
        final List<List<Message>> committed = new ArrayList<>();
        final List<BrokerStore.CommitCallback> inFlight = new ArrayList<>();

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
        PresenceWrites writes = new PresenceWrites(held.store());

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
        writes[0] = new PresenceWrites(inline);
        writes[0].add(document("d0", "0"));
        assertThat(committed[0]).isEqualTo(groups);
        assertThat(writes[0].waiting()).isZero();
        writes[0].add(document("d1", "again"));
        assertThat(committed[0]).as("nothing left in flight: the next document is written at once").isEqualTo(groups + 1);
    }

    @Test
    void underConcurrentAnnouncementsTheLastDocumentOfEveryDeviceIsStoredAndNothingStaysBehind() throws Exception {
        HeldStore held = new HeldStore();
        PresenceWrites writes = new PresenceWrites(held.store());
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

    private static boolean hasInFlight(HeldStore held) {
        synchronized (held) {
            return !held.inFlight.isEmpty();
        }
    }
}
