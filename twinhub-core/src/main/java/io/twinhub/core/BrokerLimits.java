package io.twinhub.core;

/**
 * Every bound the broker enforces, with defaults an operator can override in the config file or
 * on the command line. Bounds keep one client from taking memory or time from the others.
 *
 * @param maxPacketSize largest MQTT packet accepted, and announced in CONNACK (bytes)
 * @param maxTopicLength longest topic name or filter, in UTF-8 bytes
 * @param maxTopicLevels most levels ({@code /}-separated) in a topic name or filter
 * @param receiveMaximum QoS 1/2 PUBLISH packets a client may have unacknowledged towards us
 * @param maxInflight QoS 1/2 PUBLISH packets we send a client before waiting for its acks,
 *                    further limited by the client's own Receive Maximum
 * @param maxQueuedMessages messages kept per session while it is offline or its window is full
 * @param maxConnections open MQTT connections accepted per node
 * @param maxSessionExpirySeconds cap on the session expiry a client may ask for
 * @param serverKeepAliveSeconds keep-alive imposed on clients that ask for more or for none (0 = accept theirs)
 * @param topicAliasMaximum topic aliases a client may use towards us
 * @param maxClientIdLength longest client identifier accepted, in UTF-8 bytes
 * @param maxSubscriptionsPerClient subscriptions one session may hold
 */
public record BrokerLimits(
        int maxPacketSize,
        int maxTopicLength,
        int maxTopicLevels,
        int receiveMaximum,
        int maxInflight,
        int maxQueuedMessages,
        int maxConnections,
        long maxSessionExpirySeconds,
        int serverKeepAliveSeconds,
        int topicAliasMaximum,
        int maxClientIdLength,
        int maxSubscriptionsPerClient) {

    public static BrokerLimits defaults() {
        return new BrokerLimits(
                256 * 1024,
                1024,
                32,
                1024,
                64,
                10_000,
                1_000_000,
                7L * 24 * 3600,
                0,
                64,
                256,
                1024);
    }
}
