package io.twinhub.server.config;

import io.twinhub.core.BrokerLimits;

/**
 * Broker limits that a config file or the command line sets; {@code null} keeps the value below.
 * Component names are the keys of the {@code limits:} section and match {@link BrokerLimits}.
 */
public record LimitSettings(
        Integer maxPacketSize,
        Integer maxTopicLength,
        Integer maxTopicLevels,
        Integer receiveMaximum,
        Integer maxInflight,
        Integer maxQueuedMessages,
        Integer maxConnections,
        Long maxSessionExpirySeconds,
        Integer serverKeepAliveSeconds,
        Integer topicAliasMaximum,
        Integer maxClientIdLength,
        Integer maxSubscriptionsPerClient) {

    public static final LimitSettings NONE =
            new LimitSettings(null, null, null, null, null, null, null, null, null, null, null, null);

    public BrokerLimits applyTo(BrokerLimits base) {
        return new BrokerLimits(
                or(maxPacketSize, base.maxPacketSize()),
                or(maxTopicLength, base.maxTopicLength()),
                or(maxTopicLevels, base.maxTopicLevels()),
                or(receiveMaximum, base.receiveMaximum()),
                or(maxInflight, base.maxInflight()),
                or(maxQueuedMessages, base.maxQueuedMessages()),
                or(maxConnections, base.maxConnections()),
                or(maxSessionExpirySeconds, base.maxSessionExpirySeconds()),
                or(serverKeepAliveSeconds, base.serverKeepAliveSeconds()),
                or(topicAliasMaximum, base.topicAliasMaximum()),
                or(maxClientIdLength, base.maxClientIdLength()),
                or(maxSubscriptionsPerClient, base.maxSubscriptionsPerClient()));
    }

    static <T> T or(T override, T base) {
        return override != null ? override : base;
    }
}
