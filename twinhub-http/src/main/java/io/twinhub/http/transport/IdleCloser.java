package io.twinhub.http.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes a connection that has been silent for the idle timeout with no request in progress (an
 * HTTP/2 connection says GOAWAY first). Sits behind an {@code IdleStateHandler}.
 */
final class IdleCloser extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (ConnectionState.of(ctx.channel()).inFlight == 0) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
