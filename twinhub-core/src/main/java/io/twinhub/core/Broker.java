package io.twinhub.core;

import io.twinhub.core.message.Message;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.core.routing.Router;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.session.SessionServices;
import io.twinhub.core.store.RetainedStore;
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
    private final RetainedStore retained;
    private final Router router;
    private final TopicRules topicRules;

    public Broker(BrokerLimits limits, RetainedStore retained) {
        this.limits = limits;
        this.retained = retained;
        this.router = new Router(subscriptions, registry, retained);
        this.topicRules = new TopicRules(limits.maxTopicLength(), limits.maxTopicLevels());
        registry.bind(this);
    }

    @Override public BrokerLimits limits() { return limits; }
    @Override public BrokerMetrics metrics() { return metrics; }
    @Override public SubscriptionTree subscriptions() { return subscriptions; }
    @Override public SessionRegistry registry() { return registry; }
    public RetainedStore retained() { return retained; }
    public Router router() { return router; }
    public TopicRules topicRules() { return topicRules; }

    @Override
    public void publishWill(Message will) {
        router.publish(will);
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }
}
