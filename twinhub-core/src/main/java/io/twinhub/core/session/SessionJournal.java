package io.twinhub.core.session;

import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

/**
 * A session's writes to the durable store. Only a session that outlives its connection
 * (expiry &gt; 0) is written; these writes are not waited for, because nothing is acknowledged on
 * them: the writes that acknowledgements wait for go through the router's write groups.
 * Confined to the session's owner loop.
 */
final class SessionJournal {

    private final String clientId;
    private final BrokerStore store;
    /** Whether the store holds a record of this session, so that ending it must remove it. */
    private boolean stored;

    SessionJournal(String clientId, BrokerStore store, boolean stored) {
        this.clientId = clientId;
        this.store = store;
        this.stored = stored;
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

    void released(Delivery d) {
        if (d.isStored()) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.putQueued(clientId, record(d, QueuedMessage.State.RELEASED));
            g.commitQuietly();
        }
    }

    void removed(Delivery d) {
        if (d.isStored()) {
            BrokerStore.WriteGroup g = store.newGroup();
            g.removeQueued(clientId, d.seq());
            g.commitQuietly();
        }
    }

    static QueuedMessage record(Delivery d, QueuedMessage.State state) {
        return new QueuedMessage(d.seq(), d.message().detachedCopy(), d.qos(), d.retain(), d.subscriptionIds(), state);
    }
}
