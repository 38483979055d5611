package io.twinhub.core.store;

import io.twinhub.core.message.Message;

/**
 * One message queued for a session, as stored.
 *
 * @param seq the session's sequence number for it; also fixes its packet id (see
 *            {@code OutboundQueue}), so a message in flight keeps its packet id across a restart
 * @param message the message, with a detached payload
 * @param qos the QoS it is delivered at (1 or 2; QoS 0 is never stored)
 * @param retain the RETAIN flag it is delivered with
 * @param subscriptionIds subscription identifiers to send with it
 * @param state where its delivery stands
 */
public record QueuedMessage(long seq, Message message, int qos, boolean retain, int[] subscriptionIds, State state) {

    public enum State {
        /** Not sent yet. */
        QUEUED,
        /** Sent; waiting for PUBACK (QoS 1) or PUBREC (QoS 2). The broker does not write this state
         * today (a write per send would cost too much); restored messages go out with DUP instead. */
        SENT,
        /** QoS 2: PUBREC received and PUBREL sent; waiting for PUBCOMP. */
        RELEASED
    }
}
