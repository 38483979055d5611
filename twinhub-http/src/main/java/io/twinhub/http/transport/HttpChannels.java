package io.twinhub.http.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.twinhub.http.HttpMetrics;
import io.twinhub.http.routing.Router;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds each accepted connection's pipeline.
 *
 * <p>Plain port: HTTP/1.1, plus HTTP/2 without TLS ("h2c") both by prior knowledge (the client
 * starts with the HTTP/2 preface) and by {@code Upgrade: h2c}. With TLS: the protocol is chosen
 * by ALPN, {@code h2} or {@code http/1.1}.
 *
 * <p>HTTP/1 pipeline: idle timer, read deadline, codec, body limit, {@link ExchangeHandler}.
 * HTTP/2 pipeline: idle timer, frame codec, multiplexer; each stream gets its own child pipeline
 * of stream-frame-to-HTTP-object codec, body limit, stream deadline, {@link ExchangeHandler}; so
 * every handler sees HTTP/1-style objects whatever the protocol.
 *
 * <p>A WebSocket upgrade ({@code Upgrade: websocket}) passes the h2c upgrade handler untouched and
 * reaches the HTTP/1 pipeline, where a WebSocket handler can take the connection over.
 */
public final class HttpChannels {

    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CONCURRENT_STREAMS = 128;

    private static final String IDLE = "idle";
    private static final String READ_DEADLINE = "h1-read-deadline";
    private static final String[] HTTP1_HANDLERS = {"h1-end-of-request", "h1-body", "h1-exchange"};

    private final Router router;
    private final HttpMetrics metrics;
    private final int maxBodyBytes;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Supplier<SslContext> tls;

    /**
     * @param tls supplies the TLS context for each new connection (so certificates can change
     *            while running), or null for plain HTTP; it should offer ALPN {@code h2} and {@code http/1.1}
     */
    public HttpChannels(Router router, HttpMetrics metrics, int maxBodyBytes, Duration readTimeout, Duration idleTimeout,
                        Supplier<SslContext> tls) {
        this.router = router;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.tls = tls;
    }

    public ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast(IDLE, new IdleStateHandler(0, 0, idleTimeoutNanos, TimeUnit.NANOSECONDS));
                p.addLast("idle-close", new IdleCloser());
                if (tls != null) {
                    p.addLast("tls", tls.get().newHandler(ch.alloc()));
                    p.addLast("alpn", new Alpn());
                } else {
                    plainPort(p);
                }
            }
        };
    }

    private void plainPort(ChannelPipeline p) {
        ReadDeadline deadline = new ReadDeadline(readTimeoutNanos);
        HttpServerCodec codec = newHttp1Codec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(newHttp2Codec(), newMultiplexer(), new SwitchToHttp2())
                        : null,
                maxBodyBytes);
        p.addLast(READ_DEADLINE, deadline);
        p.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(newHttp2Codec(), newMultiplexer());
                removeHttp1(ch.pipeline());
            }
        }));
        addHttp1Tail(p, deadline);
    }

    private void addHttp1Tail(ChannelPipeline p, ReadDeadline deadline) {
        p.addLast(HTTP1_HANDLERS[0], deadline.endOfRequest());
        p.addLast(HTTP1_HANDLERS[1], new BodyLimit(maxBodyBytes));
        p.addLast(HTTP1_HANDLERS[2], new ExchangeHandler(router, deadline, metrics));
    }

    private static void removeHttp1(ChannelPipeline p) {
        if (p.get(READ_DEADLINE) != null) {
            p.remove(READ_DEADLINE);
        }
        for (String name : HTTP1_HANDLERS) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
    }

    private HttpServerCodec newHttp1Codec() {
        return new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192);
    }

    private Http2FrameCodec newHttp2Codec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_SIZE))
                .build();
    }

    private Http2MultiplexHandler newMultiplexer() {
        ChannelInitializer<Http2StreamChannel> stream = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                StreamDeadline deadline = new StreamDeadline(readTimeoutNanos);
                ch.pipeline().addLast(
                        new Http2StreamFrameToHttpObjectCodec(true),
                        new BodyLimit(maxBodyBytes),
                        deadline,
                        new ExchangeHandler(router, deadline, metrics));
            }
        };
        return new Http2MultiplexHandler(stream, stream);
    }

    /** Added with the HTTP/2 codec on an {@code Upgrade: h2c}: drops the HTTP/1 handlers. */
    private static final class SwitchToHttp2 extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            removeHttp1(ctx.pipeline());
            ctx.pipeline().remove(this);
        }
    }

    /** After the TLS handshake: the protocol ALPN chose, HTTP/1.1 when the client offered none. */
    private final class Alpn extends ApplicationProtocolNegotiationHandler {

        Alpn() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline p = ctx.pipeline();
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                p.addLast(newHttp2Codec(), newMultiplexer());
            } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                ReadDeadline deadline = new ReadDeadline(readTimeoutNanos);
                p.addLast(READ_DEADLINE, deadline);
                p.addLast("h1-codec", newHttp1Codec());
                addHttp1Tail(p, deadline);
            } else {
                ctx.close();
            }
        }
    }

    /** The ALPN protocols a TLS context for this listener should offer, in preference order. */
    public static final String[] ALPN_PROTOCOLS = {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1};
}
