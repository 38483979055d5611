package io.twinhub.core.message;

import java.util.Objects;

/**
 * One application message as published: immutable and shared by every subscriber it is routed
 * to. The payload is reference counted; see {@link Payload} for who releases it.
 */
public final class Message {

    public static final long NO_EXPIRY = Long.MAX_VALUE;

    private final String topic;
    private final int qos;
    private final boolean retain;
    private final Payload payload;
    private final MessageProperties properties;
    private final long expiresAtMillis;
    private final String publisherId;
    /** Heap copy made the first time a subscriber has to queue the message; shared after that. */
    private volatile Payload detached;
    /** This message around {@link #detached}, made once and shared by every copy that is kept. */
    private volatile Message detachedMessage;

    /**
     * @param topic the topic name it was published to
     * @param qos the publisher's QoS (0, 1 or 2)
     * @param retain the publisher's RETAIN flag
     * @param payload the bytes
     * @param properties MQTT 5 properties passed through to subscribers
     * @param expiresAtMillis wall-clock time after which it must not be delivered; {@link #NO_EXPIRY} if none
     * @param publisherId client id of the publisher (for no-local), or null for messages the hub makes
     */
    public Message(String topic, int qos, boolean retain, Payload payload, MessageProperties properties,
                   long expiresAtMillis, String publisherId) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.qos = qos;
        this.retain = retain;
        this.payload = Objects.requireNonNull(payload, "payload");
        this.properties = properties == null ? MessageProperties.NONE : properties;
        this.expiresAtMillis = expiresAtMillis;
        this.publisherId = publisherId;
    }

    public String topic() { return topic; }
    public int qos() { return qos; }
    public boolean retain() { return retain; }
    public Payload payload() { return payload; }
    public MessageProperties properties() { return properties; }
    public long expiresAtMillis() { return expiresAtMillis; }
    public String publisherId() { return publisherId; }

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Seconds left before expiry, rounded up, for the Message Expiry Interval sent onward; -1 if none. */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAtMillis == NO_EXPIRY) {
            return -1;
        }
        long left = expiresAtMillis - nowMillis;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    /**
     * The payload as a compact heap copy, made once per message however many subscribers need it.
     * A benign race may copy twice; both copies are equal.
     */
    private Payload detachedPayload() {
        Payload d = detached;
        if (d == null) {
            d = payload.detach();
            detached = d;
        }
        return d;
    }

    /**
     * The same message with its payload detached, for keeping (queues, retained store, wills).
     * Made once and shared, like the payload: what keeps it then holds neither this message nor
     * its transport payload, so a queue of thousands of messages is a few small objects each
     * (less for the collector to copy while they wait). A benign race may make two equal copies.
     */
    public Message detachedCopy() {
        Message m = detachedMessage;
        if (m == null) {
            Payload d = detachedPayload();
            m = d == payload ? this : new Message(topic, qos, retain, d, properties, expiresAtMillis, publisherId);
            detachedMessage = m;
        }
        return m;
    }

    public Message withExpiresAt(long newExpiresAtMillis) {
        return new Message(topic, qos, retain, payload, properties, newExpiresAtMillis, publisherId);
    }

    @Override
    public String toString() {
        return "Message[" + topic + " qos=" + qos + (retain ? " retain" : "") + " " + payload.length() + "B]";
    }
}
