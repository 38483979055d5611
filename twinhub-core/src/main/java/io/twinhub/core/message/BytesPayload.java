package io.twinhub.core.message;

/**
 * A heap-array payload for messages that do not come from a socket (wills restored from a
 * store, messages the hub publishes itself). Reference counting is a no-op: the garbage
 * collector owns the array.
 */
public record BytesPayload(byte[] bytes) implements Payload {

    public static final BytesPayload EMPTY = new BytesPayload(new byte[0]);

    @Override public int length() { return bytes.length; }
    @Override public Payload retain() { return this; }
    @Override public void release() { }
    @Override public byte[] toByteArray() { return bytes.clone(); }
    @Override public Payload detach() { return this; }
    @Override public Object unwrap() { return bytes; }
}
