package io.twinhub.bench.discard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.twinhub.bench.client.FrameDecoder;
import io.twinhub.bench.client.FrameSink;
import io.twinhub.bench.client.Frames;

import java.util.List;

/**
 * Discards MQTT after reading only fixed headers (plus packet ids where an answer needs one):
 * close to what the loopback itself can carry, the ceiling for any server.
 */
final class RawDiscardHandler extends ByteToMessageDecoder implements FrameSink {

    private final FrameDecoder frames = new FrameDecoder(1 << 20);
    private ChannelHandlerContext ctx;
    private boolean v5;
    private ByteBuf out;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> unused) {
        frames.decode(in, this);
    }

    @Override
    public void onFrame(int type, int flags, ByteBuf buf, int body, int length) {
        switch (type) {
            case Frames.CONNECT -> {
                // Variable header: protocol name (2-byte length + bytes), then the protocol level.
                int level = buf.getByte(body + 2 + buf.getUnsignedShort(body)) & 0xFF;
                v5 = level == 5;
                Replies.connAck(out(), v5);
            }
            case Frames.PUBLISH -> {
                int qos = (flags >> 1) & 3;
                if (qos > 0) {
                    int id = buf.getUnsignedShort(body + 2 + buf.getUnsignedShort(body));
                    Frames.writeAck(out(), qos == 1 ? Frames.PUBACK : Frames.PUBREC, id);
                }
            }
            case Frames.PUBREL -> Frames.writeAck(out(), Frames.PUBCOMP, buf.getUnsignedShort(body));
            case Frames.SUBSCRIBE -> {
                int id = buf.getUnsignedShort(body);
                int p = body + 2;
                if (v5) {
                    p = Frames.afterProperties(buf, p);
                }
                int end = body + length;
                int n = 0;
                int[] granted = new int[8];
                while (p < end) {
                    p += 2 + buf.getUnsignedShort(p);
                    if (n == granted.length) {
                        granted = java.util.Arrays.copyOf(granted, n * 2);
                    }
                    granted[n++] = buf.getByte(p) & 3;
                    p++;
                }
                Replies.subAck(out(), v5, id, java.util.Arrays.copyOf(granted, n));
            }
            case Frames.PINGREQ -> Replies.pingResp(out());
            case Frames.DISCONNECT -> ctx.close();
            default -> { }
        }
    }

    private ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().directBuffer(512);
        }
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (out != null) {
            ctx.writeAndFlush(out, ctx.voidPromise());
            out = null;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
