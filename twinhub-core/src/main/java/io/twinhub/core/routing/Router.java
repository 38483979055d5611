package io.twinhub.core.routing;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.AnyThread;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.store.RetainedStore;
import io.twinhub.core.topic.SubscriptionTree;

/**
 * Routes a published message: updates the retained store, finds the matching subscriptions in
 * the trie and hands each target session its delivery. Runs on the publisher's own loop, so one
 * publisher's messages enter every subscriber's inbox in the order they were published.
 */
public final class Router {

    private final SubscriptionTree subscriptions;
    private final RetainedStore retained;
    private final ThreadLocal<Fanout> fanouts;

    public Router(SubscriptionTree subscriptions, SessionRegistry sessions, RetainedStore retained) {
        this.subscriptions = subscriptions;
        this.retained = retained;
        this.fanouts = ThreadLocal.withInitial(() -> new Fanout(sessions));
    }

    /**
     * Publishes a message; takes over the caller's payload reference.
     *
     * @return how many sessions it was handed to
     */
    @AnyThread
    public int publish(Message message) {
        try {
            if (message.retain()) {
                if (message.payload().length() == 0) {
                    retained.remove(message.topic());
                } else {
                    retained.put(message.detachedCopy());
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
}
