package io.twinhub.core.routing;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.AnyThread;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.RetainedStore;
import io.twinhub.core.topic.SubscriptionTree;

/**
 * Routes a published message: updates retained messages, finds the matching subscriptions in
 * the trie and hands each target session its delivery. Runs on the publisher's own loop, so one
 * publisher's messages enter every subscriber's inbox in the order they were published.
 *
 * <p>Two paths. {@link #publishNow} hands deliveries out at once: QoS 0, when nothing the
 * publisher sent earlier still waits for the store. {@link #publishDurably} first writes the
 * message's effects (retained message, copies queued for sessions that outlive their connection,
 * and whatever the caller added, such as a QoS 2 packet id) in one write group, and hands the
 * deliveries out only once that group is durable, so an acknowledged message survives a crash
 * and nothing is delivered that a crash could make the publisher send again.
 */
public final class Router {

    /** How a durable publish ended; called on a store thread. */
    @FunctionalInterface
    public interface PublishCallback {
        /**
         * @param delivered sessions the message was handed to
         * @param error null, or why the message could not be made durable (nothing was delivered)
         */
        void done(int delivered, Throwable error);
    }

    private final SubscriptionTree subscriptions;
    private final RetainedStore retained;
    private final BrokerStore store;
    private final ThreadLocal<Fanout> fanouts;

    public Router(SubscriptionTree subscriptions, SessionRegistry sessions, RetainedStore retained, BrokerStore store) {
        this.subscriptions = subscriptions;
        this.retained = retained;
        this.store = store;
        this.fanouts = ThreadLocal.withInitial(() -> new Fanout(sessions));
    }

    /**
     * Publishes at once; takes over the caller's payload reference. A retained message is
     * written to the store without waiting.
     *
     * @return how many sessions it was handed to
     */
    @AnyThread
    public int publishNow(Message message) {
        return publishNow(message, true);
    }

    /**
     * Publishes at once like {@link #publishNow}, but a retained message replaces the retained
     * one in memory only: the caller stores it (the hub's presence documents, written in batches).
     * The message must be detached (its payload on the heap), as the caller keeps it.
     */
    @AnyThread
    public int publishNowStoredByCaller(Message message) {
        return publishNow(message, false);
    }

    private int publishNow(Message message, boolean storeRetained) {
        try {
            if (message.retain()) {
                Message kept = keepRetained(message);
                if (storeRetained) {
                    BrokerStore.WriteGroup g = store.newGroup();
                    if (kept == null) {
                        g.removeRetained(message.topic());
                    } else {
                        g.putRetained(kept);
                    }
                    g.commitQuietly();
                }
            }
            Fanout fanout = fanouts.get();
            fanout.begin(message);
            subscriptions.match(message.topic(), fanout);
            return fanout.dispatch();
        } finally {
            message.payload().release();
        }
    }

    /**
     * Publishes once the message's writes, added to {@code group}, are durable; takes over the
     * caller's payload reference. Groups commit in call order, so a publisher's messages are
     * still handed out in order.
     *
     * @param nothingPending true when none of this publisher's earlier messages still waits for
     *                       the store: then a message that has nothing to write (no session that
     *                       outlives its connection receives it, not retained) skips the store's
     *                       queue and is handed out and acknowledged at once, on this thread
     */
    @AnyThread
    public void publishDurably(Message message, BrokerStore.WriteGroup group, boolean nothingPending,
                               PublishCallback callback) {
        Prepared prepared = prepare(message, group);
        if (nothingPending && group.isEmpty()) {
            callback.done(prepared.handOut(), null);
            return;
        }
        group.commit(error -> {
            if (error != null) {
                prepared.discard();
                callback.done(0, error);
                return;
            }
            callback.done(prepared.handOut(), null);
        });
    }

    /**
     * Routes a message whose writes join a group the caller commits with writes of its own (a
     * telemetry batch): the message's effects are added to {@code group} now, and the caller
     * calls {@link Prepared#handOut()} once the group is durable, or {@link Prepared#discard()}
     * if it failed. Takes over the caller's payload reference. Prepared messages of one publisher
     * must be handed out in the order they were prepared.
     */
    @AnyThread
    public Prepared prepare(Message message, BrokerStore.WriteGroup group) {
        Routed routed = new Routed();
        boolean clearsRetained = message.retain() && message.payload().length() == 0;
        Message keptRetained = null;
        try {
            Fanout fanout = fanouts.get();
            fanout.begin(message, group, routed);
            subscriptions.match(message.topic(), fanout);
            fanout.dispatch();
            if (clearsRetained) {
                group.removeRetained(message.topic());
            } else if (message.retain()) {
                keptRetained = message.detachedCopy();
                group.putRetained(keptRetained);
            }
        } finally {
            message.payload().release();
        }
        return new Prepared(routed, message.topic(), clearsRetained, keptRetained);
    }

    /** A message routed into a caller's group, waiting for that group to be durable. */
    public final class Prepared {
        private final Routed routed;
        private final String topic;
        private final boolean clearsRetained;
        private final Message keptRetained;

        private Prepared(Routed routed, String topic, boolean clearsRetained, Message keptRetained) {
            this.routed = routed;
            this.topic = topic;
            this.clearsRetained = clearsRetained;
            this.keptRetained = keptRetained;
        }

        /**
         * The group is durable: updates the retained message and hands every delivery to its session.
         *
         * @return how many sessions it was handed to
         */
        public int handOut() {
            if (clearsRetained) {
                retained.remove(topic);
            } else if (keptRetained != null) {
                retained.put(keptRetained);
            }
            routed.handOut();
            return routed.size();
        }

        /** The group failed: nothing is delivered and every payload reference is given back. */
        public void discard() {
            routed.discard();
        }
    }

    /** Replaces the topic's retained message in memory; returns the message kept, or null when it was cleared. */
    private Message keepRetained(Message message) {
        if (message.payload().length() == 0) {
            retained.remove(message.topic());
            return null;
        }
        Message kept = message.detachedCopy();
        retained.put(kept);
        return kept;
    }
}
