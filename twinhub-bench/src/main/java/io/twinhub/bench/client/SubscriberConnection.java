package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.Latency;

import java.util.Arrays;

/**
 * A subscriber: one SUBSCRIBE after CONNACK, then counts what arrives, records end-to-end latency
 * from the timestamp in each payload, checks each publisher's sequence for gaps and reordering,
 * and acknowledges QoS 1/2 in bulk at the end of each read burst.
 */
public final class SubscriberConnection extends BenchConnection {

    private final SubscribeTemplate subscribe;
    private final PayloadCodec codec;
    private long[] nextSeq = new long[16];

    private long now;
    private long received;
    private long gaps;
    private long outOfOrder;
    private ByteBuf replies;

    public SubscriberConnection(ConnectionSetup setup, int index, String clientId, SubscribeTemplate subscribe,
                                PayloadCodec codec) {
        super(setup, index, clientId);
        this.subscribe = subscribe;
        this.codec = codec;
    }

    @Override
    protected void onConnected() {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(subscribe.bytes()), ctx.voidPromise());
        lastWriteNanos = System.nanoTime();
    }

    @Override
    protected void beforeFrames() {
        now = System.nanoTime();
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        switch (type) {
            case Frames.PUBLISH -> onPublish(flags, buf, body, length);
            case Frames.PUBREL -> reply(Frames.PUBCOMP, buf.getUnsignedShort(body));
            case Frames.SUBACK -> onSubAck(buf, body, length);
            default -> { }
        }
    }

    private void onPublish(int flags, ByteBuf buf, int body, int length) {
        int qos = (flags >> 1) & 3;
        int end = body + length;
        int p = body + 2 + buf.getUnsignedShort(body);
        int packetId = 0;
        if (qos > 0) {
            packetId = buf.getUnsignedShort(p);
            p += 2;
        }
        if (v5) {
            p = Frames.afterProperties(buf, p);
        }
        int payloadLength = end - p;
        received++;
        long ts = codec.timestamp(buf, p, payloadLength);
        if (ts != PayloadCodec.NO_TIMESTAMP) {
            recorders.record(Latency.Kind.END_TO_END, now - ts);
        }
        int source = codec.source(buf, p, payloadLength);
        if (source >= 0) {
            checkSequence(source, codec.seq(buf, p, payloadLength));
        }
        if (qos == 1) {
            reply(Frames.PUBACK, packetId);
        } else if (qos == 2) {
            reply(Frames.PUBREC, packetId);
        }
    }

    /** Each publisher numbers its messages 0, 1, 2, …; a subscriber should see them in that order. */
    private void checkSequence(int source, long seq) {
        if (source >= nextSeq.length) {
            nextSeq = Arrays.copyOf(nextSeq, Math.max(source + 1, nextSeq.length * 2));
        }
        long expected = nextSeq[source];
        if (seq == expected) {
            nextSeq[source] = seq + 1;
        } else if (seq > expected) {
            gaps += seq - expected;
            nextSeq[source] = seq + 1;
        } else {
            outOfOrder++;
        }
    }

    private void reply(int type, int packetId) {
        if (replies == null) {
            replies = ctx.alloc().directBuffer(1024);
        }
        Frames.writeAck(replies, type, packetId);
    }

    @Override
    protected void afterFrames() {
        if (received > 0) {
            stats.add(Counter.RECEIVED, received);
            received = 0;
        }
        if (gaps > 0) {
            stats.add(Counter.GAPS, gaps);
            gaps = 0;
        }
        if (outOfOrder > 0) {
            stats.add(Counter.OUT_OF_ORDER, outOfOrder);
            outOfOrder = 0;
        }
    }

    @Override
    protected void afterReadBurst() {
        if (replies != null) {
            lastWriteNanos = now;
            ctx.writeAndFlush(replies, ctx.voidPromise());
            replies = null;
        }
    }

    @Override
    public void handlerRemoved0(io.netty.channel.ChannelHandlerContext ctx) {
        if (replies != null) {
            replies.release();
            replies = null;
        }
    }
}
