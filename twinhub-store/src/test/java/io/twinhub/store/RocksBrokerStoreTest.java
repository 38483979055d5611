package io.twinhub.store;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.QueuedMessage.State;
import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.SessionRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.twinhub.store.Samples.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RocksBrokerStoreTest {

    @TempDir
    Path tmp;

    private RocksBrokerStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private RocksBrokerStore open(Durability durability) {
        store = RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve("data")).withDurability(durability));
        return store;
    }

    private RecoveredState reopen() {
        store.close();
        open(Durability.SYNC);
        return store.recover();
    }

    static void commit(BrokerStore.WriteGroup g) {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        g.commit(done::complete);
        assertThat(done.orTimeout(10, TimeUnit.SECONDS).join()).isNull();
    }

    @Test
    void aNewStoreRecoversNothing() {
        RecoveredState state = open(Durability.SYNC).recover();
        assertThat(state.sessions()).isEmpty();
        assertThat(state.subscriptions()).isEmpty();
        assertThat(state.queued()).isEmpty();
        assertThat(state.inboundQos2()).isEmpty();
        assertThat(state.retained()).isEmpty();
    }

    @Test
    void reopenRecoversExactlyWhatWasWritten() {
        open(Durability.SYNC);
        SessionRecord s1 = Samples.sessionWithWill("dev-1");
        SessionRecord s2 = new SessionRecord("dev-2", 60, 0, null);
        Subscription sub1 = Samples.subscription("dev-1", "a/b");
        Subscription sub2 = Samples.shared("dev-1", "g", "a/+");
        Subscription sub3 = Samples.subscription("dev-2", "#");
        Message big = new Message("big/ü", 1, true, new BytesPayload(Samples.randomBytes(2 << 20, 5)), null,
                Message.NO_EXPIRY, "dev-2");

        BrokerStore.WriteGroup g = store.newGroup();
        g.putSession(s1);
        g.putSession(s2);
        g.putSubscription(sub1);
        g.putSubscription(sub2);
        g.putSubscription(sub3);
        g.putRetained(Samples.full());
        g.putRetained(big);
        g.putRetained(Samples.simple("gone", "x"));
        commit(g);

        // queued in shuffled order and across groups; big seqs to catch non-numeric ordering
        long[] seqs = {300, 1, 1L << 40, 2, 256, 65_536};
        for (long seq : seqs) {
            BrokerStore.WriteGroup q = store.newGroup();
            q.putQueued("dev-1", Samples.queued(seq, Samples.simple("q/" + seq, "m" + seq), State.QUEUED));
            commit(q);
        }
        BrokerStore.WriteGroup update = store.newGroup();
        update.putQueued("dev-1", Samples.queued(2, Samples.simple("q/2", "m2"), State.SENT)); // state by re-put
        update.putQueued("dev-1", Samples.queued(256, Samples.simple("q/256", "m256"), State.RELEASED));
        update.removeQueued("dev-1", 300);
        update.putInboundQos2("dev-1", 7);
        update.putInboundQos2("dev-1", 65_535);
        update.putInboundQos2("dev-1", 300);
        update.putInboundQos2("dev-2", 1);
        update.removeInboundQos2("dev-1", 300);
        update.removeSubscription("dev-2", "#");
        update.removeRetained("gone");
        commit(update);

        RecoveredState state = reopen();

        assertThat(state.sessions()).hasSize(2);
        assertSame(state.sessions().get(0), s1);
        assertSame(state.sessions().get(1), s2);
        assertThat(state.subscriptions()).containsOnlyKeys("dev-1");
        assertThat(state.subscriptions().get("dev-1")).containsExactlyInAnyOrder(sub1, sub2);
        assertThat(state.queued()).containsOnlyKeys("dev-1");
        List<QueuedMessage> queued = state.queued().get("dev-1");
        assertThat(queued).extracting(QueuedMessage::seq).containsExactly(1L, 2L, 256L, 65_536L, 1L << 40);
        assertThat(queued).extracting(QueuedMessage::state)
                .containsExactly(State.QUEUED, State.SENT, State.RELEASED, State.QUEUED, State.QUEUED);
        assertSame(queued.get(1), Samples.queued(2, Samples.simple("q/2", "m2"), State.SENT));
        assertThat(state.inboundQos2()).containsOnlyKeys("dev-1", "dev-2");
        assertThat(state.inboundQos2().get("dev-1")).containsExactly(7, 65_535);
        assertThat(state.inboundQos2().get("dev-2")).containsExactly(1);
        assertThat(state.retained()).hasSize(2);
        Message retainedFull = state.retained().stream().filter(m -> m.topic().startsWith("sensors")).findFirst()
                .orElseThrow();
        assertSame(retainedFull, Samples.full());
        Message retainedBig = state.retained().stream().filter(m -> m.topic().equals("big/ü")).findFirst()
                .orElseThrow();
        assertSame(retainedBig, big);
    }

    @Test
    void aRangeOfQueuedMessagesGoesInOneDeletionAndNoFurther() {
        open(Durability.SYNC);
        for (String client : new String[] {"dev-1", "dev-10"}) {
            for (long seq = 1; seq <= 5; seq++) {
                BrokerStore.WriteGroup q = store.newGroup();
                q.putQueued(client, Samples.queued(seq, Samples.simple("q/" + seq, "m" + seq), State.QUEUED));
                commit(q);
            }
        }
        BrokerStore.WriteGroup g = store.newGroup();
        g.removeQueuedRange("dev-1", 2, 4);
        g.removeQueuedRange("dev-10", 5, 5);
        commit(g);

        RecoveredState state = reopen();
        assertThat(state.queued().get("dev-1")).extracting(QueuedMessage::seq).containsExactly(1L, 5L);
        assertThat(state.queued().get("dev-10")).extracting(QueuedMessage::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void shadowsAreReadBackAfterARestartAndListedPerThingOnly() {
        open(Durability.SYNC);
        BrokerStore.WriteGroup g = store.newGroup();
        g.putShadow("dev-1", "", "classic".getBytes(StandardCharsets.UTF_8));
        g.putShadow("dev-1", "lamp", "named".getBytes(StandardCharsets.UTF_8));
        g.putShadow("dev-10", "", "other".getBytes(StandardCharsets.UTF_8));
        commit(g);
        BrokerStore.WriteGroup replace = store.newGroup();
        replace.putShadow("dev-1", "lamp", "named-2".getBytes(StandardCharsets.UTF_8));
        commit(replace);

        reopen();
        assertThat(store.readShadow("dev-1", "")).asString(StandardCharsets.UTF_8).isEqualTo("classic");
        assertThat(store.readShadow("dev-1", "lamp")).asString(StandardCharsets.UTF_8).isEqualTo("named-2");
        assertThat(store.readShadow("dev-1", "fan")).isNull();
        assertThat(store.shadowNames("dev-1")).containsExactly("", "lamp");
        assertThat(store.shadowNames("dev-10")).containsExactly("");
        assertThat(store.shadowNames("dev")).isEmpty();
    }

    @Test
    void removeSessionDeletesAllOfItsKeysButNoOtherSession() {
        open(Durability.SYNC);
        for (String id : List.of("a", "ab", "a/b", "")) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putSession(new SessionRecord(id, 100, 0, null));
            g.putSubscription(Samples.subscription(id, "t/#"));
            g.putSubscription(Samples.shared(id, "grp", "x"));
            g.putQueued(id, Samples.queued(1, Samples.simple("t/1", id), State.QUEUED));
            g.putQueued(id, Samples.queued(Long.MAX_VALUE, Samples.simple("t/2", id), State.SENT));
            g.putInboundQos2(id, 1);
            g.putInboundQos2(id, 65_535);
            commit(g);
        }
        BrokerStore.WriteGroup remove = store.newGroup();
        remove.removeSession("a");
        commit(remove);

        BrokerStore.WriteGroup removeAndRecreate = store.newGroup();
        removeAndRecreate.removeSession("");
        // a change after the removal in the same group survives it: batch order is kept
        removeAndRecreate.putSession(new SessionRecord("", 5, 0, null));
        removeAndRecreate.putQueued("", Samples.queued(9, Samples.simple("t/9", "new"), State.QUEUED));
        commit(removeAndRecreate);

        RecoveredState state = reopen();
        assertThat(state.sessions()).extracting(SessionRecord::clientId).containsExactly("", "a/b", "ab");
        assertThat(state.sessions().get(0).expirySeconds()).isEqualTo(5);
        assertThat(state.subscriptions()).containsOnlyKeys("ab", "a/b");
        assertThat(state.subscriptions().get("ab")).hasSize(2);
        assertThat(state.queued()).containsOnlyKeys("", "ab", "a/b");
        assertThat(state.queued().get("ab")).extracting(QueuedMessage::seq).containsExactly(1L, Long.MAX_VALUE);
        assertThat(state.queued().get("")).extracting(QueuedMessage::seq).containsExactly(9L);
        assertThat(state.inboundQos2()).containsOnlyKeys("ab", "a/b");
        assertThat(state.inboundQos2().get("a/b")).containsExactly(1, 65_535);
    }

    @Test
    void emptyAndRepeatedGroupsCommitAndGroupsAreSingleUse() {
        open(Durability.SYNC);
        BrokerStore.WriteGroup g = store.newGroup();
        assertThat(g.isEmpty()).isTrue();
        commit(g);
        assertThatThrownBy(() -> g.commit(BrokerStore.CommitCallback.IGNORE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.removeRetained("x")).isInstanceOf(IllegalStateException.class);
        BrokerStore.WriteGroup h = store.newGroup();
        h.removeRetained("never-there");
        assertThat(h.isEmpty()).isFalse();
        commit(h);
    }

    @Test
    void callbacksKeepCommitOrderAcrossConcurrentCommitters() throws Exception {
        open(Durability.SYNC);
        int threads = 4;
        int perThread = 5_000;
        List<List<Integer>> seen = new ArrayList<>();
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        List<Thread> committers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> order = new ArrayList<>(); // only the writer thread appends
            seen.add(order);
            CompletableFuture<Void> last = new CompletableFuture<>();
            finished.add(last);
            String client = "c" + t;
            committers.add(Thread.ofPlatform().unstarted(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    BrokerStore.WriteGroup g = store.newGroup();
                    g.putQueued(client, Samples.queued(n, Samples.simple("t", "p" + n), State.QUEUED));
                    g.commit(error -> {
                        order.add(error == null ? n : -1 - n);
                        if (n == perThread - 1) {
                            last.complete(null);
                        }
                    });
                }
            }));
        }
        long start = System.nanoTime();
        committers.forEach(Thread::start);
        for (Thread t : committers) {
            t.join();
        }
        CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        for (int t = 0; t < threads; t++) {
            List<Integer> order = seen.get(t);
            assertThat(order).hasSize(perThread);
            for (int i = 0; i < perThread; i++) {
                assertThat(order.get(i)).as("thread %d, callback %d", t, i).isEqualTo(i);
            }
        }
        CommitStats stats = store.stats();
        System.out.printf("%d groups in %d ms: %d writes, %d syncs (%.1f groups per sync)%n",
                stats.groupsCommitted(), millis, stats.writes(), stats.syncs(),
                (double) stats.groupsCommitted() / stats.syncs());
        assertThat(stats.groupsCommitted()).isEqualTo((long) threads * perThread);
        assertThat(stats.syncs()).isPositive().isLessThan(stats.groupsCommitted());
        assertThat(stats.groupsFailed()).isZero();

        RecoveredState state = reopen();
        for (int t = 0; t < threads; t++) {
            assertThat(state.queued().get("c" + t)).hasSize(perThread);
        }
    }

    @Test
    void oneCommitterSeesItsCallbacksInCommitOrder() throws Exception {
        open(Durability.BATCH);
        int n = 10_000;
        List<Integer> order = new ArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            BrokerStore.WriteGroup g = store.newGroup();
            g.putInboundQos2("c", k % 65_535 + 1);
            g.commit(error -> {
                order.add(error == null ? k : -1);
                if (k == n - 1) {
                    last.complete(null);
                }
            });
        }
        last.get(30, TimeUnit.SECONDS);
        assertThat(order).hasSize(n).isSorted().doesNotContain(-1);
    }

    @Test
    void syncModeSyncsTheLog() {
        open(Durability.SYNC);
        for (int i = 0; i < 3; i++) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putRetained(Samples.simple("r", "v" + i));
            commit(g); // one at a time: a sync each
        }
        assertThat(store.stats().syncs()).isEqualTo(3);
        assertThat(walBytes()).isPositive();
    }

    @Test
    void unsyncedGroupsInSyncModeAreWrittenAtOnceAndSyncedInTheBackground() throws Exception {
        open(Durability.SYNC);
        for (int i = 0; i < 50; i++) {
            BrokerStore.WriteGroup g = store.newUnsyncedGroup();
            g.putRetained(Samples.simple("$twin/things/d" + i + "/presence", "{}"));
            commit(g);
        }
        assertThat(store.stats().syncs()).as("called back without a sync each").isLessThan(50);
        assertThat(walBytes()).isPositive();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.stats().syncs() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(store.stats().syncs()).as("a background sync within the interval").isPositive();
        assertThat(reopen().retained()).hasSize(50);
    }

    @Test
    void batchModeSyncsInTheBackground() throws Exception {
        open(Durability.BATCH);
        for (int i = 0; i < 50; i++) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putRetained(Samples.simple("r" + i, "v"));
            commit(g);
        }
        // acknowledged without a sync each: at most a couple of syncs so far (100 ms interval)
        assertThat(store.stats().syncs()).isLessThan(50);
        assertThat(walBytes()).isPositive();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long syncsBefore = store.stats().syncs();
        while (store.stats().syncs() == syncsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(store.stats().syncs()).as("a background sync within the interval").isGreaterThan(syncsBefore);
        assertThat(reopen().retained()).hasSize(50);
    }

    @Test
    void noneModeWritesNoLogAndKeepsDataAcrossACleanClose() {
        open(Durability.NONE);
        for (int i = 0; i < 20; i++) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putQueued("c", Samples.queued(i, Samples.simple("t", "payload " + i), State.QUEUED));
            commit(g);
        }
        assertThat(store.stats().syncs()).isZero();
        assertThat(walBytes()).as("bytes in the write-ahead log").isZero();
        assertThat(reopen().queued().get("c")).hasSize(20);
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        open(Durability.SYNC);
        assertThatThrownBy(() -> RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve("data"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("in use by another twinhub node")
                .hasMessageContaining(tmp.resolve("data").toString());
        assertThat(store.isWritable()).isTrue(); // the refused one did not disturb the open one
    }

    @Test
    void aNewerLayoutIsRefusedByTheStore() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/LAYOUT"), "twinhub-data-layout 7\n");
        assertThatThrownBy(() -> open(Durability.SYNC))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("layout version 7")
                .hasMessageContaining("knows layout version 1");
        store = null;
    }

    @Test
    void aRecordThatDoesNotDecodeIsReportedWithItsColumnFamilyAndKey() throws Exception {
        open(Durability.SYNC);
        BrokerStore.WriteGroup g = store.newGroup();
        g.putQueued("dev-9", Samples.queued(5, Samples.simple("t", "ok"), State.QUEUED));
        commit(g);
        store.close();
        store = null;
        corrupt(Cf.QUEUED, Keys.queued("dev-9", 5), new byte[] {1, 0x7F});
        open(Durability.SYNC);
        assertThatThrownBy(() -> store.recover())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("column family 'queued'")
                .hasMessageContaining("client id \"dev-9\", seq 5");
    }

    @Test
    void aClosedStoreRefusesWork() {
        open(Durability.SYNC);
        BrokerStore.WriteGroup g = store.newGroup();
        g.putRetained(Samples.simple("t", "x"));
        store.close();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        g.commit(done::complete);
        assertThat(done.join()).hasMessageContaining("store closed");
        assertThat(store.isWritable()).isFalse();
        assertThatThrownBy(() -> store.recover()).isInstanceOf(IllegalStateException.class);
        store.close(); // twice is fine
    }

    /** Writes a raw value past the store, as a bug or a bad disk would. */
    private void corrupt(Cf cf, byte[] key, byte[] value) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (Cf c : Cf.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.nameBytes()));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.open(options, tmp.resolve("data/rocksdb").toString(), descriptors, handles)) {
            db.put(handles.get(cf.ordinal() + 1), key, value);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private long walBytes() {
        try (Stream<Path> files = Files.list(tmp.resolve("data/rocksdb"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
