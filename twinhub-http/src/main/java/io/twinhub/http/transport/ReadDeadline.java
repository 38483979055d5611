package io.twinhub.http.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1 slow-request guard, at the front of the pipeline where it sees raw bytes: the first byte
 * of a request starts the clock, and unless the whole request (headers and body) has arrived
 * within the read timeout, the client gets 408 and the connection is closed. This catches clients
 * that trickle headers ("slow loris") as well as slow bodies, which an idle timer would not.
 * {@link #endOfRequest()} (placed behind the HTTP codec) stops the clock when a request's last
 * byte arrives, also for a request whose too-large body is being dropped.
 */
final class ReadDeadline extends ChannelInboundHandlerAdapter implements ExchangeEvents {

    private static final byte[] TIMEOUT_RESPONSE = timeoutResponse();

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean processing;

    ReadDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (deadline == null && !processing && msg instanceof ByteBuf buf && buf.isReadable()) {
            deadline = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A handler for behind the HTTP codec that stops the clock at the end of each request. */
    ChannelInboundHandlerAdapter endOfRequest() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent) {
                    cancel();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void requestReceived() {
        cancel();
        processing = true;
    }

    @Override
    public void responded() {
        processing = false;
    }

    private void expire() {
        deadline = null;
        if (ctx.channel().isActive()) {
            // Raw bytes: the HTTP codec may be in the middle of a request, so the answer bypasses it.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static byte[] timeoutResponse() {
        String body = "{\"code\":408,\"message\":\"request not received in time\"}";
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "content-type: application/json\r\n"
                + "content-length: " + body.length() + "\r\n"
                + "connection: close\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.US_ASCII);
    }
}
