package io.twinhub.store;

import io.twinhub.core.store.BrokerStore.CommitCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit protocol against a scripted sink: exact order of writes, syncs and callbacks per
 * durability mode, overload, close, and failures at an exact point.
 */
class GroupCommitterTest {

    /** Records what the committer did, and fails or blocks where a test says. */
    static final class ScriptedSink implements CommitSink {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        volatile int failWriteAt = -1;
        volatile int failSyncAt = -1;
        volatile CountDownLatch writing = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger syncs = new AtomicInteger();

        @Override
        public void write(List<PendingGroup> groups) throws Exception {
            int n = writes.incrementAndGet();
            events.add("write " + groups.size());
            writing.countDown();
            release.await();
            if (n == failWriteAt) {
                throw new IOException("No space left on device (scripted)");
            }
        }

        @Override
        public void sync() throws Exception {
            int n = syncs.incrementAndGet();
            events.add("sync");
            if (n == failSyncAt) {
                throw new IOException("Input/output error (scripted)");
            }
        }
    }

    private final ScriptedSink sink = new ScriptedSink();
    private GroupCommitter committer;

    @AfterEach
    void close() {
        if (committer != null) {
            committer.close();
        }
    }

    private GroupCommitter start(Durability d, long batchSyncMillis, int capacity) {
        committer = new GroupCommitter(d, TimeUnit.MILLISECONDS.toNanos(batchSyncMillis), capacity, sink, "/test");
        return committer;
    }

    /** A group with one change: groups without any are called back without a write. */
    private static final BatchRecords ONE_CHANGE = oneChange();

    private static BatchRecords oneChange() {
        int[] cfIds = new int[Cf.values().length];
        Arrays.fill(cfIds, 1);
        BatchRecords records = new BatchRecords(cfIds);
        records.delete(Cf.RETAINED, new byte[] {'t'});
        return records;
    }

    private CompletableFuture<Throwable> commit(String name) {
        return submit(name, true, GroupQueue.Lane.ORDINARY);
    }

    private CompletableFuture<Throwable> commitUnsynced(String name) {
        return submit(name, false, GroupQueue.Lane.ORDINARY);
    }

    private CompletableFuture<Throwable> commitBulk(String name) {
        return submit(name, true, GroupQueue.Lane.BULK);
    }

    /** Submits a group with one change whose callback records "callback {name}" (and "failed"). */
    private CompletableFuture<Throwable> submit(String name, boolean needsSync, GroupQueue.Lane lane) {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        committer.submit(new PendingGroup(ONE_CHANGE, error -> {
            sink.events.add("callback " + name + (error == null ? "" : " failed"));
            done.complete(error);
        }, needsSync), lane);
        return done;
    }

    /**
     * Commits a group named "first" and holds the writer inside its write until {@code sink.release}
     * opens: what is committed meanwhile waits, and goes out together in the next round.
     */
    private CompletableFuture<Throwable> holdWriterInsideTheWriteOf(Function<String, CompletableFuture<Throwable>> commit)
            throws InterruptedException {
        sink.release = new CountDownLatch(1);
        CompletableFuture<Throwable> first = commit.apply("first");
        assertThat(sink.writing.await(5, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    /** One group: called back once written, and the background sync comes about one interval (50 ms) later. */
    private void calledBackAfterTheWriteThenSyncedAboutOneIntervalLater(
            Function<String, CompletableFuture<Throwable>> commit) throws Exception {
        long start = System.nanoTime();
        assertThat(commit.apply("a").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(sink.events).containsExactly("write 1", "callback a");
        for (int i = 0; i < 200 && sink.syncs.get() == 0; i++) {
            Thread.sleep(5);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(sink.events).containsExactly("write 1", "callback a", "sync");
        assertThat(waited).isBetween(40L, 900L);
    }

    @Test
    void ordinaryGroupsPassBulkGroupsThatWaitedLonger() throws Exception {
        start(Durability.SYNC, 100, 16);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        List<CompletableFuture<Throwable>> all = new ArrayList<>(List.of(commitBulk("bulk1"), commitBulk("bulk2"),
                commit("shadow1"), commitBulk("bulk3"), commit("shadow2")));
        sink.release.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Throwable> f : all) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNull();
        }
        // one round: the ordinary groups first, then the bulk ones, each lane in commit order
        assertThat(sink.events.subList(3, sink.events.size())).containsExactly("write 5", "sync",
                "callback shadow1", "callback shadow2", "callback bulk1", "callback bulk2", "callback bulk3");
    }

    @Test
    void aRoundFullOfOrdinaryGroupsLeavesBulkGroupsForTheNext() throws Exception {
        int ordinary = GroupCommitter.MAX_GROUPS_PER_ROUND;
        start(Durability.SYNC, 100, ordinary);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        CompletableFuture<Throwable> bulk = commitBulk("bulk");
        List<CompletableFuture<Throwable>> shadows = new ArrayList<>();
        for (int i = 0; i < ordinary; i++) {
            shadows.add(commit("s" + i));
        }
        sink.release.countDown();
        assertThat(bulk.get(5, TimeUnit.SECONDS)).isNull();
        first.get(5, TimeUnit.SECONDS);
        assertThat(shadows).allMatch(f -> f.isDone());
        List<String> writes = sink.events.stream().filter(e -> e.startsWith("write")).toList();
        assertThat(writes).containsExactly("write 1", "write " + ordinary, "write 1");
        assertThat(sink.events.getLast()).isEqualTo("callback bulk");
    }

    @Test
    void aFullBulkLaneRefusesBulkGroupsOnlyWhileOrdinaryOnesStillGetIn() throws Exception {
        start(Durability.SYNC, 100, 2);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        List<CompletableFuture<Throwable>> bulk = List.of(commitBulk("b1"), commitBulk("b2"));
        CompletableFuture<Throwable> refused = commitBulk("b3");
        assertThat(refused).isCompleted();
        assertThat(refused.get()).isInstanceOf(StoreException.class)
                .hasMessageContaining("store overloaded: 2 bulk write groups are waiting");
        CompletableFuture<Throwable> shadow = commit("shadow");
        assertThat(shadow).isNotDone();
        sink.release.countDown();
        assertThat(shadow.get(5, TimeUnit.SECONDS)).isNull();
        for (CompletableFuture<Throwable> f : bulk) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNull();
        }
        assertThat(committer.stats().groupsRejected()).isEqualTo(1);
    }

    @Test
    void closeCommitsWhatWaitsInBothLanes() throws Exception {
        start(Durability.SYNC, 100, 100);
        sink.release = new CountDownLatch(1);
        List<CompletableFuture<Throwable>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(i % 2 == 0 ? commit("g" + i) : commitBulk("b" + i));
        }
        Thread closer = Thread.ofPlatform().start(committer::close);
        Thread.sleep(50);
        sink.release.countDown();
        closer.join(5000);
        for (CompletableFuture<Throwable> f : all) {
            assertThat(f).isCompletedWithValue(null);
        }
        assertThat(commitBulk("late").get()).hasMessageContaining("store closed");
    }

    @Test
    void syncModeSyncsBeforeEveryCallback() throws Exception {
        start(Durability.SYNC, 100, 16);
        assertThat(commit("a").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(commit("b").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(sink.events).containsExactly("write 1", "sync", "callback a", "write 1", "sync", "callback b");
    }

    @Test
    void syncModeGroupsWhatWaitsDuringAWrite() throws Exception {
        start(Durability.SYNC, 100, 16);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        List<CompletableFuture<Throwable>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(commit("w" + i));
        }
        sink.release.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Throwable> f : waiting) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNull();
        }
        // ten groups, one write and one sync
        assertThat(sink.events.subList(3, sink.events.size()))
                .containsExactly("write 10", "sync", "callback w0", "callback w1", "callback w2", "callback w3",
                        "callback w4", "callback w5", "callback w6", "callback w7", "callback w8", "callback w9");
        assertThat(committer.stats().syncs()).isEqualTo(2);
        assertThat(committer.stats().groupsCommitted()).isEqualTo(11);
    }

    @Test
    void syncModeCallsUnsyncedGroupsBackAfterTheWriteAndSyncsThemWithinTheInterval() throws Exception {
        start(Durability.SYNC, 50, 16);
        calledBackAfterTheWriteThenSyncedAboutOneIntervalLater(this::commitUnsynced);
    }

    @Test
    void syncModeSyncsARoundWithAnyGroupThatNeedsIt() throws Exception {
        start(Durability.SYNC, 60_000, 16);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commitUnsynced);
        CompletableFuture<Throwable> presence = commitUnsynced("presence");
        CompletableFuture<Throwable> session = commit("session");
        sink.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(presence.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(session.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(sink.events).containsExactly("write 1", "callback first",
                "write 2", "sync", "callback presence", "callback session");
        // that sync covered the first round too: nothing is left for a background sync
        committer.close();
        assertThat(sink.syncs.get()).isEqualTo(1);
    }

    @Test
    void batchModeCallsBackAfterTheWriteAndSyncsWithinTheInterval() throws Exception {
        start(Durability.BATCH, 50, 16);
        calledBackAfterTheWriteThenSyncedAboutOneIntervalLater(this::commit);
        // nothing new written: no more syncs
        Thread.sleep(150);
        assertThat(sink.syncs.get()).isEqualTo(1);
    }

    @Test
    void batchModeSyncsAtClose() throws Exception {
        start(Durability.BATCH, 60_000, 16);
        assertThat(commit("a").get(5, TimeUnit.SECONDS)).isNull();
        committer.close();
        assertThat(sink.events).containsExactly("write 1", "callback a", "sync");
    }

    @Test
    void noneModeNeverSyncs() throws Exception {
        start(Durability.NONE, 10, 16);
        for (int i = 0; i < 5; i++) {
            assertThat(commit("g" + i).get(5, TimeUnit.SECONDS)).isNull();
        }
        Thread.sleep(50);
        committer.close();
        assertThat(sink.syncs.get()).isZero();
        assertThat(sink.events).doesNotContain("sync");
    }

    @Test
    void aFullQueueRefusesAtOnceWithoutBlocking() throws Exception {
        start(Durability.SYNC, 100, 3);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        List<CompletableFuture<Throwable>> queued = List.of(commit("q1"), commit("q2"), commit("q3"));
        CompletableFuture<Throwable> refused = commit("refused");
        // refused on this thread, at once, while the writer is still blocked
        assertThat(refused).isCompleted();
        assertThat(refused.get()).isInstanceOf(StoreException.class).hasMessageContaining("store overloaded");
        assertThat(committer.isWritable()).isTrue();
        sink.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
        for (CompletableFuture<Throwable> f : queued) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNull();
        }
        assertThat(committer.stats().groupsRejected()).isEqualTo(1);
    }

    @Test
    void closeCommitsWhatIsQueuedThenRefuses() throws Exception {
        start(Durability.SYNC, 100, 100);
        sink.release = new CountDownLatch(1);
        List<CompletableFuture<Throwable>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(commit("g" + i));
        }
        Thread closer = Thread.ofPlatform().start(committer::close);
        Thread.sleep(50);
        sink.release.countDown();
        closer.join(5000);
        for (CompletableFuture<Throwable> f : all) {
            assertThat(f).isCompletedWithValue(null);
        }
        CompletableFuture<Throwable> late = commit("late");
        assertThat(late.get()).hasMessageContaining("store closed");
    }

    @Test
    void aFailedWriteFailsThatGroupAndEveryLaterOne() throws Exception {
        start(Durability.SYNC, 100, 100);
        sink.failWriteAt = 3;
        assertThat(commit("1").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(commit("2").get(5, TimeUnit.SECONDS)).isNull();
        Throwable third = commit("3").get(5, TimeUnit.SECONDS);
        assertThat(third).isInstanceOf(StoreException.class)
                .hasMessageContaining("/test")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("accepts no more writes");
        assertThat(committer.isWritable()).isFalse();
        assertThat(committer.failure()).isSameAs(third);
        for (int i = 4; i < 10; i++) {
            assertThat(commit(String.valueOf(i)).get(5, TimeUnit.SECONDS)).isSameAs(third);
        }
        // the failed write was the last one attempted: no write after a failure
        assertThat(sink.writes.get()).isEqualTo(3);
        assertThat(committer.stats().groupsFailed()).isEqualTo(7);
    }

    @Test
    void aFailedSyncNeverReportsTheWrittenGroupsDurable() throws Exception {
        start(Durability.SYNC, 100, 100);
        sink.failSyncAt = 1;
        Throwable error = commit("1").get(5, TimeUnit.SECONDS);
        assertThat(error).hasMessageContaining("Input/output error");
        assertThat(sink.events).containsExactly("write 1", "sync", "callback 1 failed");
        assertThat(commit("2").get(5, TimeUnit.SECONDS)).isSameAs(error);
    }

    @Test
    void aFailedBackgroundSyncStopsLaterWrites() throws Exception {
        start(Durability.BATCH, 20, 100);
        sink.failSyncAt = 1;
        assertThat(commit("1").get(5, TimeUnit.SECONDS)).isNull(); // within the documented loss window
        for (int i = 0; i < 200 && committer.isWritable(); i++) {
            Thread.sleep(5);
        }
        assertThat(committer.isWritable()).isFalse();
        assertThat(commit("2").get(5, TimeUnit.SECONDS)).isInstanceOf(StoreException.class);
    }

    @Test
    void aThrowingCallbackDoesNotStopTheWriter() throws Exception {
        start(Durability.SYNC, 100, 100);
        committer.submit(new PendingGroup(ONE_CHANGE, error -> {
            throw new IllegalStateException("bug in a caller");
        }));
        assertThat(commit("after").get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void emptyGroupsNeedNoWriteButKeepTheirPlace() throws Exception {
        start(Durability.SYNC, 100, 100);
        CompletableFuture<Throwable> first = holdWriterInsideTheWriteOf(this::commit);
        CompletableFuture<Throwable> empty = new CompletableFuture<>();
        committer.submit(new PendingGroup(new BatchRecords(new int[Cf.values().length]), error -> {
            sink.events.add("callback empty");
            empty.complete(error);
        }));
        sink.release.countDown();
        assertThat(empty.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(first).isCompletedWithValue(null);
        assertThat(sink.events).containsExactly("write 1", "sync", "callback first", "callback empty");
    }

    @Test
    void closingFromACallbackIsRefused() throws Exception {
        start(Durability.SYNC, 100, 100);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        committer.submit(new PendingGroup(ONE_CHANGE, error -> {
            try {
                committer.close();
                thrown.complete(null);
            } catch (IllegalStateException e) {
                thrown.complete(e);
            }
        }));
        assertThat(thrown.get(5, TimeUnit.SECONDS)).hasMessageContaining("commit callback");
        assertThat(commit("still open").get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void callbacksRunOnTheWriterThread() throws Exception {
        start(Durability.SYNC, 100, 100);
        CompletableFuture<String> thread = new CompletableFuture<>();
        CommitCallback cb = error -> thread.complete(Thread.currentThread().getName());
        committer.submit(new PendingGroup(ONE_CHANGE, cb));
        assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("twinhub-store-writer");
    }
}
