package io.twinhub.store;

import io.twinhub.core.store.BrokerStore.CommitCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single writer thread behind every commit. It takes all groups waiting in the queue,
 * writes them (unsynced), then makes them durable as the {@link Durability} says, and only then
 * runs their callbacks, in the order of the round: ordinary groups first, then bulk ones, each
 * in commit order (see {@link GroupQueue}). While one round syncs, the next groups pile up in the
 * queue and go out together in the next round: under load one sync covers many groups, so the
 * cost of a sync is paid per round, not per message (group commit).
 *
 * <p>A failed write or sync is final: the store would otherwise have to guess what reached the
 * disk. From then on every group, the failed round's and all later ones, is reported failed;
 * the node decides what to refuse (see {@code BrokerStore.isWritable}).
 */
final class GroupCommitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    /** Bounds one round so that callbacks of its first groups are not held back without end. */
    static final int MAX_GROUPS_PER_ROUND = 4096;

    private final Durability durability;
    private final long batchSyncNanos;
    private final CommitSink sink;
    private final String where;
    private final GroupQueue<PendingGroup> queue;
    private final Thread writer;

    private volatile StoreException failure;
    // written by the writer thread only; volatile so that stats() reads current values
    private volatile long groupsCommitted;
    private volatile long writes;
    private volatile long syncs;
    private volatile long groupsFailed;
    private final LongAdder groupsRejected = new LongAdder();

    /** Written but not yet synced (BATCH, or unsynced groups under SYNC), and when the sync is due. */
    private boolean dirty;
    private long syncDueAt;

    /**
     * @param where what the error messages name (the data directory)
     */
    GroupCommitter(Durability durability, long batchSyncNanos, int capacity, CommitSink sink, String where) {
        this.durability = durability;
        this.batchSyncNanos = batchSyncNanos;
        this.sink = sink;
        this.where = where;
        this.queue = new GroupQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("twinhub-store-writer").daemon(true).unstarted(this::run);
        writer.start();
    }

    /**
     * Hands a group to the writer. Never blocks: when the queue is full or the store closed, the
     * callback runs at once, on the caller's thread, with the error.
     */
    void submit(PendingGroup group) {
        submit(group, GroupQueue.Lane.ORDINARY);
    }

    /**
     * Hands a group to the writer in the given lane: bulk groups are written after every
     * ordinary group waiting (see {@link GroupQueue}).
     */
    void submit(PendingGroup group, GroupQueue.Lane lane) {
        GroupQueue.Offer offer = queue.offer(group, lane);
        if (offer == GroupQueue.Offer.ACCEPTED) {
            return;
        }
        groupsRejected.increment();
        call(group.callback(), offer == GroupQueue.Offer.FULL
                ? new StoreException("store overloaded: " + queue.size(lane) + " "
                        + (lane == GroupQueue.Lane.BULK ? "bulk " : "") + "write groups are waiting for the disk of "
                        + where + "; this one was refused")
                : failure != null ? failure : new StoreException("store closed: " + where));
    }

    boolean isWritable() {
        return failure == null;
    }

    StoreException failure() {
        return failure;
    }

    CommitStats stats() {
        return new CommitStats(groupsCommitted, writes, syncs, groupsFailed, groupsRejected.sum(), queue.size());
    }

    /**
     * Refuses new groups, commits those already queued and stops the writer.
     *
     * @throws IllegalStateException when called from a commit callback: the store would be
     *                               closed under the writer's feet
     */
    @Override
    public void close() {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("the store cannot be closed from a commit callback");
        }
        queue.close();
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish closing: the queued groups must get their callbacks
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<PendingGroup> round = new ArrayList<>();
        try {
            boolean open = true;
            while (open) {
                open = queue.drain(round, MAX_GROUPS_PER_ROUND, waitNanos());
                if (!round.isEmpty()) {
                    commitRound(round);
                    round.clear();
                }
                if (dirty && System.nanoTime() - syncDueAt >= 0) {
                    syncInBackground();
                }
            }
            if (dirty) {
                syncInBackground(); // a clean close loses nothing, whatever the mode
            }
        } catch (Throwable t) {
            // a bug or an Error: never leave a committer waiting for a callback that never comes
            StoreException e = markFailed("the writer thread", t);
            fail(round, e);
            queue.close();
            List<PendingGroup> rest = new ArrayList<>();
            try {
                while (queue.drain(rest, Integer.MAX_VALUE, 0)) {
                    fail(rest, e);
                    rest.clear();
                }
            } catch (InterruptedException ignored) {
                // drain(…, 0) does not wait
            }
            fail(rest, e);
        }
    }

    private long waitNanos() {
        if (!dirty) {
            return GroupQueue.forever();
        }
        return Math.max(0, syncDueAt - System.nanoTime());
    }

    private void commitRound(List<PendingGroup> round) {
        StoreException failed = failure;
        if (failed != null) {
            fail(round, failed);
            return;
        }
        if (round.stream().allMatch(PendingGroup::isEmpty)) {
            // nothing to write, and earlier rounds are as durable as the mode makes them
            succeed(round);
            return;
        }
        try {
            sink.write(round);
            writes++;
        } catch (Exception e) {
            fail(round, markFailed("writing", e));
            return;
        }
        if (durability == Durability.SYNC && anyNeedsSync(round)) {
            try {
                sink.sync();
                syncs++;
                dirty = false; // the sync covers earlier unsynced rounds too
            } catch (Exception e) {
                fail(round, markFailed("syncing the write-ahead log", e));
                return;
            }
        } else if (durability != Durability.NONE && !dirty) {
            // BATCH, or a SYNC round of unsynced groups only: synced in the background, unless a
            // synced round comes first
            dirty = true;
            syncDueAt = System.nanoTime() + batchSyncNanos;
        }
        succeed(round);
    }

    private static boolean anyNeedsSync(List<PendingGroup> round) {
        for (PendingGroup g : round) {
            if (g.needsSync() && !g.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void succeed(List<PendingGroup> round) {
        groupsCommitted += round.size(); // counted first, so that a callback sees itself in stats()
        for (PendingGroup g : round) {
            call(g.callback(), null);
        }
    }

    /** The periodic sync of BATCH mode and of unsynced groups: the groups it covers were acknowledged already. */
    private void syncInBackground() {
        dirty = false;
        if (failure != null) {
            return;
        }
        try {
            sink.sync();
            syncs++;
        } catch (Exception e) {
            markFailed("syncing (batch durability: groups acknowledged in the last "
                    + batchSyncNanos / 1_000_000 + " ms may be lost)", e);
        }
    }

    private void fail(List<PendingGroup> groups, Throwable error) {
        groupsFailed += groups.size();
        for (PendingGroup g : groups) {
            call(g.callback(), error);
        }
    }

    private StoreException markFailed(String what, Throwable cause) {
        StoreException f = failure;
        if (f == null) {
            f = new StoreException("store in " + where + " failed " + what + " and accepts no more writes: "
                    + cause, cause);
            failure = f;
            log.error("{} (every later write will be refused until the node restarts)", f.getMessage());
        }
        return f;
    }

    private static void call(CommitCallback callback, Throwable error) {
        try {
            callback.committed(error);
        } catch (Throwable t) {
            log.warn("a store commit callback threw; ignored", t);
        }
    }
}
