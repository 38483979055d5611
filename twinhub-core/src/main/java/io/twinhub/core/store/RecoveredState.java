package io.twinhub.core.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;

import java.util.List;
import java.util.Map;

/**
 * The durable state read back at start.
 *
 * @param sessions persistent sessions
 * @param subscriptions subscriptions by client id
 * @param queued queued messages by client id, in sequence order
 * @param inboundQos2 QoS 2 packet ids awaiting PUBREL, by client id
 * @param retained retained messages
 */
public record RecoveredState(
        List<SessionRecord> sessions,
        Map<String, List<Subscription>> subscriptions,
        Map<String, List<QueuedMessage>> queued,
        Map<String, List<Integer>> inboundQos2,
        List<Message> retained) {

    public static RecoveredState empty() {
        return new RecoveredState(List.of(), Map.of(), Map.of(), Map.of(), List.of());
    }
}
