package io.twinhub.http.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Collects a request's body up to the limit. A larger body gets a JSON 413 as soon as it is
 * known to be too large: at once from {@code Content-Length} (or in answer to
 * {@code Expect: 100-continue}), else when the bytes read pass the limit. A keep-alive client
 * that announced the length keeps its connection (the rest of the body is read and dropped, within
 * the read timeout); otherwise the connection or stream is closed.
 */
final class BodyLimit extends HttpObjectAggregator {

    /** How long a connection closed after a 413 keeps reading what the client still sends. */
    private static final long LINGER_SECONDS = 2;

    private final int maxBytes;

    BodyLimit(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r && r.status().code() >= 400) {
            ReferenceCountUtil.release(response);
            int status = r.status().code() == 413 ? 413 : 417;
            return Responses.toNetty(Responses.error(status, status == 413 ? tooLarge()
                    : "unsupported Expect header: " + start.headers().get(HttpHeaderNames.EXPECT)), false);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean announced = HttpUtil.getContentLength(oversized, -1L) > maxBytes;
        boolean close = !announced || !HttpUtil.isKeepAlive(oversized) || !ctx.channel().config().isAutoRead();
        if (close && ctx.channel() instanceof DuplexChannel tcp) {
            lingeringClose(ctx, tcp);
            return;
        }
        Responses.send(ctx, Responses.error(413, tooLarge()), close);
    }

    /**
     * Sends the 413, then closes only our side and keeps reading (the aggregator drops the rest
     * of the body) until the client closes or a short while passes. Closing at once while the
     * client is still sending would make the kernel answer its next bytes with a reset, and a
     * reset can throw away the 413 before the client has read it.
     */
    private void lingeringClose(ChannelHandlerContext ctx, DuplexChannel tcp) {
        ctx.writeAndFlush(Responses.toNetty(Responses.error(413, tooLarge()), true))
                .addListener(written -> {
                    if (!written.isSuccess()) {
                        tcp.close();
                        return;
                    }
                    tcp.shutdownOutput();
                    tcp.eventLoop().schedule(() -> tcp.close(), LINGER_SECONDS, TimeUnit.SECONDS);
                });
    }

    private String tooLarge() {
        return "request body larger than " + maxBytes + " bytes";
    }
}
