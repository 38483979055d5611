package io.twinhub.core.session;

import io.twinhub.core.message.Message;
import io.twinhub.core.message.Payload;

/**
 * One message on its way to one session, with what that session's subscriptions decided:
 * the QoS it is delivered at, its RETAIN flag and the subscription identifiers to send.
 * Holds one reference to {@link #payload()} until it is written or dropped.
 */
public final class Delivery {

    private static final int[] NO_IDS = new int[0];

    private Message message;
    private Payload payload;
    private final int qos;
    private final boolean retain;
    private final int[] subscriptionIds;
    /** The session's sequence number for a QoS 1/2 delivery (fixes its packet id); 0 until assigned. */
    private long seq;
    /** Whether the session's store holds this delivery (so acknowledging it must remove it). */
    private boolean stored;
    /** Restored after a restart: it may have reached the client before, so it goes out with DUP. */
    private boolean possiblySent;

    public Delivery(Message message, Payload payload, int qos, boolean retain, int[] subscriptionIds) {
        this.message = message;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIds = subscriptionIds == null ? NO_IDS : subscriptionIds;
    }

    public Message message() { return message; }
    public Payload payload() { return payload; }
    public int qos() { return qos; }
    public boolean retain() { return retain; }
    public int[] subscriptionIds() { return subscriptionIds; }
    public long seq() { return seq; }
    public boolean isStored() { return stored; }
    public boolean possiblySent() { return possiblySent; }

    void markPossiblySent() {
        possiblySent = true;
    }

    /** Marks this delivery as written to the store under the given sequence number. */
    public void storedAs(long sequence) {
        this.seq = sequence;
        this.stored = true;
    }

    void assignSeq(long sequence) {
        this.seq = sequence;
    }

    /**
     * Swaps a transport buffer for a compact heap copy before the delivery waits in a queue:
     * a slice of a socket buffer would otherwise pin the whole buffer it came from. The message
     * is swapped for its shared detached copy too, so the waiting delivery no longer keeps the
     * published message and its transport payload reachable.
     */
    void detach() {
        Message kept = message.detachedCopy();
        Payload detached = kept.payload();
        if (detached != payload) {
            payload.release();
            payload = detached;
        }
        message = kept;
    }

    /** Drops this delivery's payload reference; the delivery must not be used afterwards. */
    void discard() {
        payload.release();
    }
}
