package io.twinhub.core.message;

/**
 * The bytes of a message, owned by reference count so that one inbound buffer can be handed to
 * many subscribers without copying. The transport supplies the implementation (for Netty, a
 * ByteBuf); the domain only counts references.
 *
 * <p>Ownership: whoever holds a {@code Payload} owns one reference and must {@link #release()} it
 * or pass it on. Handing it to several owners requires one {@link #retain()} per extra owner.
 */
public interface Payload {

    /** Number of bytes. */
    int length();

    /** Adds one reference and returns this payload. */
    Payload retain();

    /** Drops one reference; the storage is freed when the last one goes. */
    void release();

    /** A copy of the bytes, for storage and tests; not for the delivery path. */
    byte[] toByteArray();

    /**
     * A payload that holds its own compact copy of the bytes and needs no release: what a message
     * keeps while it waits in a queue or store. Does not change this payload's reference count.
     */
    Payload detach();

    /** The transport's own buffer, for zero-copy writes by the same transport. */
    Object unwrap();
}
