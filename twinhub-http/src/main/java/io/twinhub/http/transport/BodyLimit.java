package io.twinhub.http.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request's body up to the limit. A larger body gets a JSON 413 as soon as it is
 * known to be too large: at once from {@code Content-Length} (or in answer to
 * {@code Expect: 100-continue}), else when the bytes read pass the limit. A keep-alive client
 * that announced the length keeps its connection (the rest of the body is read and dropped, within
 * the read timeout); otherwise the connection or stream is closed.
 */
final class BodyLimit extends HttpObjectAggregator {

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
        Responses.send(ctx, Responses.error(413, tooLarge()), close);
    }

    private String tooLarge() {
        return "request body larger than " + maxBytes + " bytes";
    }
}
