package io.twinhub.core;

import io.twinhub.core.message.Message;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.core.routing.Router;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.session.SessionServices;
import io.twinhub.core.session.SessionLoop;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.InMemoryRetainedStore;
import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.RetainedStore;

import java.util.function.Supplier;
import io.twinhub.core.topic.SubscriptionTree;
import io.twinhub.core.topic.TopicRules;

/**
 * The broker's domain in one place: sessions, the subscription trie, retained messages and the
 * router, wired by constructor. Transports call into it; it knows nothing of sockets.
 */
public final class Broker implements SessionServices {

    private final BrokerLimits limits;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final SubscriptionTree subscriptions = new SubscriptionTree();
    private final SessionRegistry registry = new SessionRegistry();
    private final RetainedStore retained = new InMemoryRetainedStore();
    private final BrokerStore store;
    private final Router router;
    private final TopicRules topicRules;

    public Broker(BrokerLimits limits, BrokerStore store) {
        this.limits = limits;
        this.store = store;
        this.router = new Router(subscriptions, registry, retained, store);
        this.topicRules = new TopicRules(limits.maxTopicLength(), limits.maxTopicLevels());
        registry.bind(this);
    }

    @Override public BrokerLimits limits() { return limits; }
    @Override public BrokerMetrics metrics() { return metrics; }
    @Override public SubscriptionTree subscriptions() { return subscriptions; }
    @Override public SessionRegistry registry() { return registry; }
    public RetainedStore retained() { return retained; }
    @Override public BrokerStore store() { return store; }
    public Router router() { return router; }
    public TopicRules topicRules() { return topicRules; }

    /**
     * Loads what the store kept: retained messages, and persistent sessions (offline, each owned
     * by a loop from {@code loops}) with their subscriptions, queues and QoS 2 state. Runs once,
     * before any listener opens.
     */
    public void recover(Supplier<SessionLoop> loops) {
        RecoveredState state = store.recover();
        state.retained().forEach(retained::put);
        registry.restore(state, loops);
    }

    /** Wills are stored like any message a client publishes, then handed out. */
    @Override
    public void publishWill(Message will) {
        router.publishDurably(will, store.newGroup(), false, (delivered, error) -> { });
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }
}
