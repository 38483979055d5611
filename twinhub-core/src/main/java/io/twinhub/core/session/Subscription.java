package io.twinhub.core.session;

/**
 * One entry of a session's subscriptions, with the MQTT 5 subscription options.
 *
 * @param clientId the subscribing session
 * @param filter the topic filter without any {@code $share/group/} prefix
 * @param shareGroup the shared-subscription group, or null for an ordinary subscription
 * @param qos maximum QoS granted
 * @param noLocal do not deliver the session's own publications (5.0)
 * @param retainAsPublished keep the RETAIN flag as the publisher set it (5.0)
 * @param retainHandling 0 = send retained on subscribe, 1 = only if new, 2 = never (5.0)
 * @param subscriptionId MQTT 5 subscription identifier, 0 when none
 */
public record Subscription(
        String clientId,
        String filter,
        String shareGroup,
        int qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionId) {

    public boolean isShared() {
        return shareGroup != null;
    }

    /** The filter as the client wrote it, including any {@code $share/group/} prefix. */
    public String fullFilter() {
        return shareGroup == null ? filter : "$share/" + shareGroup + "/" + filter;
    }
}
