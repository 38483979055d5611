package io.twinhub.http.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.twinhub.http.routing.ApiResponse;

import java.util.Map;

/** Writes {@link ApiResponse}s as Netty HTTP objects (the HTTP/2 stream codec turns them into frames). */
final class Responses {

    private Responses() {
    }

    static ApiResponse error(int status, String message) {
        return ApiResponse.error(status, message);
    }

    static FullHttpResponse toNetty(ApiResponse r, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        if (r.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (close) {
            // Dropped by the HTTP/2 codec, where connection headers do not exist.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** Sends {@code r}; with {@code close}, closes the connection (HTTP/1) or resets the stream (HTTP/2) after it. */
    static ChannelFuture send(ChannelHandlerContext ctx, ApiResponse r, boolean close) {
        ChannelFuture f = ctx.writeAndFlush(toNetty(r, close));
        if (close) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
