package io.twinhub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Payload;

/**
 * A payload that is a slice of the socket buffer it arrived in, shared by reference count with
 * every subscriber it goes to, so a QoS 0 fan-out copies nothing.
 */
final class NettyPayload implements Payload {

    private final ByteBuf buf;

    NettyPayload(ByteBuf buf) {
        this.buf = buf;
    }

    @Override public int length() { return buf.readableBytes(); }

    @Override
    public Payload retain() {
        buf.retain();
        return this;
    }

    @Override public void release() { buf.release(); }

    @Override public byte[] toByteArray() { return ByteBufUtil.getBytes(buf); }

    @Override public Payload detach() { return new BytesPayload(ByteBufUtil.getBytes(buf)); }

    @Override public Object unwrap() { return buf; }
}
