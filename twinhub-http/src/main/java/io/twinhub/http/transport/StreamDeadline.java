package io.twinhub.http.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 slow-request guard of one stream: the stream must deliver its whole request within the
 * read timeout of opening, or it gets 408 and is reset. Sits behind the aggregator so that its
 * answer is encoded like any other.
 */
final class StreamDeadline extends ChannelInboundHandlerAdapter implements ExchangeEvents {

    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;

    StreamDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        requestReceived();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        requestReceived();
        super.channelInactive(ctx);
    }

    @Override
    public void requestReceived() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void responded() {
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (ctx.channel().isActive()) {
            Responses.send(ctx, Responses.error(408, "request not received in time"), true);
        }
    }
}
