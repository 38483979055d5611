package io.twinhub.core.session;

/**
 * What a session needs from the network connection it is attached to. The transport implements
 * it; every method is called on the session's owner loop, which is the connection's own loop.
 */
public interface SessionConnection {

    /** The loop this connection's I/O runs on; it owns the session while attached. */
    SessionLoop loop();

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean isWritable();

    /** The client's Receive Maximum: how many QoS 1/2 messages it accepts unacknowledged. */
    int clientReceiveMaximum();

    /**
     * Writes one PUBLISH (not flushed). Takes over the delivery's payload reference for the write.
     *
     * @return false if the packet would exceed the client's Maximum Packet Size and was discarded
     *         instead (MQTT 5 requires that); the payload reference is released either way
     */
    boolean writePublish(Delivery delivery, int packetId, boolean dup);

    /** Writes a PUBREL for a QoS 2 message the client has acknowledged with PUBREC. */
    void writePubrel(int packetId);

    /** Flushes what was written. */
    void flush();

    /**
     * Another connection took the session over: tell this client (DISCONNECT 0x8E in 5.0) and
     * close. The session is no longer attached to this connection when this is called.
     */
    void closeTakenOver();
}
