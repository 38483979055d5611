package io.twinhub.it.v5;

import io.twinhub.core.BrokerLimits;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Readable edits of {@link BrokerLimits} for {@code new RunningNode(Limits.with(l -> l.receiveMaximum = 2))}. */
final class Limits {

    int maxPacketSize;
    int maxTopicLength;
    int maxTopicLevels;
    int receiveMaximum;
    int maxInflight;
    int maxQueuedMessages;
    int maxConnections;
    long maxSessionExpirySeconds;
    int serverKeepAliveSeconds;
    int topicAliasMaximum;
    int maxClientIdLength;
    int maxSubscriptionsPerClient;

    private Limits(BrokerLimits b) {
        maxPacketSize = b.maxPacketSize();
        maxTopicLength = b.maxTopicLength();
        maxTopicLevels = b.maxTopicLevels();
        receiveMaximum = b.receiveMaximum();
        maxInflight = b.maxInflight();
        maxQueuedMessages = b.maxQueuedMessages();
        maxConnections = b.maxConnections();
        maxSessionExpirySeconds = b.maxSessionExpirySeconds();
        serverKeepAliveSeconds = b.serverKeepAliveSeconds();
        topicAliasMaximum = b.topicAliasMaximum();
        maxClientIdLength = b.maxClientIdLength();
        maxSubscriptionsPerClient = b.maxSubscriptionsPerClient();
    }

    static UnaryOperator<BrokerLimits> with(Consumer<Limits> edit) {
        return base -> {
            Limits l = new Limits(base);
            edit.accept(l);
            return new BrokerLimits(l.maxPacketSize, l.maxTopicLength, l.maxTopicLevels, l.receiveMaximum,
                    l.maxInflight, l.maxQueuedMessages, l.maxConnections, l.maxSessionExpirySeconds,
                    l.serverKeepAliveSeconds, l.topicAliasMaximum, l.maxClientIdLength, l.maxSubscriptionsPerClient);
        };
    }
}
