package io.twinhub.core.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;

/**
 * The store of a node that keeps nothing across restarts: every group commits at once, with
 * nothing written. For tests and for users who want a pure in-memory broker.
 */
public final class MemoryStore implements BrokerStore {

    @Override public RecoveredState recover() { return RecoveredState.empty(); }
    @Override public WriteGroup newGroup() { return new NoWrites(); }
    @Override public boolean isWritable() { return true; }
    @Override public Throwable failure() { return null; }
    @Override public void close() { }

    private static final class NoWrites implements WriteGroup {
        @Override public void putSession(SessionRecord session) { }
        @Override public void removeSession(String clientId) { }
        @Override public void putSubscription(Subscription subscription) { }
        @Override public void removeSubscription(String clientId, String fullFilter) { }
        @Override public void putRetained(Message message) { }
        @Override public void removeRetained(String topic) { }
        @Override public void putQueued(String clientId, QueuedMessage message) { }
        @Override public void removeQueued(String clientId, long seq) { }
        @Override public void putInboundQos2(String clientId, int packetId) { }
        @Override public void removeInboundQos2(String clientId, int packetId) { }
        @Override public boolean isEmpty() { return true; }
        @Override public void commit(CommitCallback callback) { callback.committed(null); }
    }
}
