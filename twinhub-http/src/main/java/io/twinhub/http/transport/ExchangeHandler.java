package io.twinhub.http.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.twinhub.http.HttpMetrics;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Router;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of every pipeline (an HTTP/1 connection, or one HTTP/2 stream): turns each complete
 * request into an {@link ApiRequest}, hands it to the {@link Router} and writes the answer.
 * Requests are answered one at a time in arrival order, which is what HTTP/1.1 pipelining needs;
 * later ones wait in a short queue (with reading paused) until the one before has been answered.
 * Event-loop only; handlers that block do so on the worker pool, and their answer comes back here.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

    /** Pipelined requests held at most; a client sending more is not using HTTP sensibly. */
    private static final int MAX_QUEUED = 16;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExchangeHandler.class);

    private final Router router;
    private final ExchangeEvents events;
    private final HttpMetrics metrics;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>();
    private boolean busy;

    ExchangeHandler(Router router, ExchangeEvents events, HttpMetrics metrics) {
        this.router = router;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg); // e.g. stray HTTP/2 control frames after an upgrade
            return;
        }
        if (busy) {
            if (queue.size() >= MAX_QUEUED) {
                request.release();
                ctx.close();
                return;
            }
            queue.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        start(ctx, request);
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        ConnectionState.of(ctx.channel()).inFlight++;
        events.requestReceived();
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            request.release();
            finish(ctx, malformed(decoded.cause()), true);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ApiRequest apiRequest;
        try {
            apiRequest = toApiRequest(ctx, request);
        } catch (IllegalArgumentException e) {
            finish(ctx, ApiResponse.error(400, "malformed request URI"), true);
            return;
        } finally {
            request.release();
        }
        router.dispatch(apiRequest).whenComplete((response, error) -> ctx.executor().execute(() ->
                finish(ctx, response != null ? response : ApiResponse.error(500, "internal error"), !keepAlive)));
    }

    private void finish(ChannelHandlerContext ctx, ApiResponse response, boolean close) {
        metrics.responded(response.status());
        if (!ctx.channel().isActive()) {
            done(ctx);
            return;
        }
        Responses.send(ctx, response, close).addListener(f -> done(ctx));
    }

    private void done(ChannelHandlerContext ctx) {
        busy = false;
        ConnectionState.of(ctx.channel()).inFlight--;
        events.responded();
        FullHttpRequest next = queue.poll();
        if (next != null) {
            start(ctx, next);
        } else if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Broken connections and streams are the client's business: closed, logged at debug only. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException || cause instanceof io.netty.handler.codec.PrematureChannelClosureException) {
            log.debug("{}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: closing after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queue.forEach(ReferenceCountUtil::release);
        queue.clear();
        super.channelInactive(ctx);
    }

    private static ApiRequest toApiRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        Map<String, List<String>> query = uri.parameters();
        byte[] body = ByteBufUtil.getBytes(request.content());
        return new ApiRequest(request.method().name(), uri.path(), query, headers, body,
                address(ctx.channel().remoteAddress()), Map.of(), null);
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static ApiResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return ApiResponse.error(414, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ApiResponse.error(431, "request headers too large");
        }
        if (cause instanceof TooLongFrameException) {
            return ApiResponse.error(400, "request too large");
        }
        return ApiResponse.error(400, "malformed HTTP request");
    }
}
