package io.twinhub.core.session;

import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A session's writes to the durable store. Only a session that outlives its connection
 * (expiry &gt; 0) is written; these writes are not waited for, because nothing is acknowledged on
 * them: the writes that acknowledgements wait for go through the router's write groups.
 * Confined to the session's owner loop.
 */
final class SessionJournal {

    private static final long[] NO_REMOVALS = new long[0];

    private final String clientId;
    private final BrokerStore store;
    /** Runs a task on the session's owner loop, wherever the session lives by then. */
    private final Consumer<Runnable> onOwner;
    /** Queues a task on the session's owner loop, to run after the task running now. */
    private final Consumer<Runnable> laterOnOwner;
    private final Runnable commitRemovals = this::commitRemovals;
    /** Whether the store holds a record of this session, so that ending it must remove it. */
    private boolean stored;
    /**
     * Sequence numbers of acknowledged messages to delete, collected over one loop task (a read
     * burst of PUBACKs) and committed in one group after it, consecutive numbers as one range:
     * nothing waits for these deletes, and a crash before they are durable only redelivers
     * messages the client had, which QoS 1 allows and QoS 2's released state covers.
     */
    private long[] removals = NO_REMOVALS;
    private int removalCount;

    SessionJournal(String clientId, BrokerStore store, boolean stored, Consumer<Runnable> onOwner,
                   Consumer<Runnable> laterOnOwner) {
        this.clientId = clientId;
        this.store = store;
        this.stored = stored;
        this.onOwner = onOwner;
        this.laterOnOwner = laterOnOwner;
    }

    boolean isStored() {
        return stored;
    }

    /** For a session read back from the store: it is there already. */
    void saveSessionMarker() {
        stored = true;
    }

    void saveSession(SessionRecord record, BrokerStore.CommitCallback done) {
        BrokerStore.WriteGroup g = store.newGroup();
        g.putSession(record);
        g.commit(done);
        stored = true;
    }

    /** The session no longer outlives its connection (or ended): forget everything stored. */
    void forget() {
        removalCount = 0; // removing the session removes its queue
        if (stored) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.removeSession(clientId);
            g.commitQuietly();
            stored = false;
        }
    }

    void subscribed(Subscription s) {
        if (stored) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putSubscription(s);
            g.commitQuietly();
        }
    }

    void unsubscribed(String fullFilter) {
        if (stored) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.removeSubscription(clientId, fullFilter);
            g.commitQuietly();
        }
    }

    /** A QoS 1/2 delivery that the router did not store (retained on subscribe, for example). */
    void queued(Delivery d) {
        if (stored && !d.isStored()) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putQueued(clientId, record(d, QueuedMessage.State.QUEUED));
            g.commitQuietly();
            d.storedAs(d.seq());
        }
    }

    /**
     * Records that the client has the QoS 2 message (PUBREC came); {@code thenOnOwner} runs on
     * the owner loop once that is durable, or at once when the delivery is not stored.
     */
    void released(Delivery d, Runnable thenOnOwner) {
        if (!d.isStored()) {
            thenOnOwner.run();
            return;
        }
        BrokerStore.WriteGroup g = store.newGroup();
        g.putQueued(clientId, record(d, QueuedMessage.State.RELEASED));
        g.commit(error -> onOwner.accept(thenOnOwner));
    }

    /** Writes a SUBSCRIBE's subscriptions in one group; {@code thenOnOwner} runs once durable. */
    void subscribed(Iterable<Subscription> subs, Runnable thenOnOwner) {
        if (!stored) {
            thenOnOwner.run();
            return;
        }
        BrokerStore.WriteGroup g = store.newGroup();
        subs.forEach(g::putSubscription);
        g.commit(error -> onOwner.accept(thenOnOwner));
    }

    void removed(Delivery d) {
        if (d.isStored()) {
            if (removalCount == removals.length) {
                // made on first use: most sessions (clean ones) never queue anything
                removals = Arrays.copyOf(removals, Math.max(16, removalCount * 2));
            }
            removals[removalCount++] = d.seq();
            if (removalCount == 1) {
                laterOnOwner.accept(commitRemovals);
            }
        }
    }

    private void commitRemovals() {
        int n = removalCount;
        removalCount = 0;
        if (n == 0) {
            return;
        }
        Arrays.sort(removals, 0, n);
        BrokerStore.WriteGroup g = store.newGroup();
        int runStart = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || removals[i] != removals[i - 1] + 1) {
                g.removeQueuedRange(clientId, removals[runStart], removals[i - 1]);
                runStart = i;
            }
        }
        g.commitQuietly();
    }

    static QueuedMessage record(Delivery d, QueuedMessage.State state) {
        return new QueuedMessage(d.seq(), d.message().detachedCopy(), d.qos(), d.retain(), d.subscriptionIds(), state);
    }
}
