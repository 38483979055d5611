package io.twinhub.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.twinhub.http.api.BlockingWork;
import io.twinhub.http.api.HealthApi;
import io.twinhub.http.api.MetricsApi;
import io.twinhub.http.api.PrometheusExport;
import io.twinhub.http.api.ShadowsApi;
import io.twinhub.http.api.TelemetryApi;
import io.twinhub.http.api.ThingsApi;
import io.twinhub.http.routing.Route;
import io.twinhub.http.routing.Router;
import io.twinhub.http.transport.HttpChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP listener: HTTP/1.1 and HTTP/2 (h2c by prior knowledge or Upgrade on a plain port, h2
 * by ALPN with TLS), serving the management REST API, health and metrics.
 *
 * <p>Threads: connections run on event loops that are either handed in ({@link Loops}, e.g. the
 * MQTT listener's, so the node has one set of I/O threads; they are not shut down here) or, when
 * none are given, on a small NIO group of its own. Blocking work runs on a bounded worker pool
 * ({@link HttpServerSettings#workerThreads()}); when it is full, requests get 503.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** Event loops owned by someone else, and the server socket type that fits them. */
    public record Loops(EventLoopGroup group, Class<? extends ServerChannel> serverChannel) { }

    private final HttpServerSettings settings;
    private final ApiServices services;
    private final Supplier<SslContext> tls;
    private final Loops external;
    private final HttpMetrics httpMetrics = new HttpMetrics();
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private BlockingWork work;
    private EventLoopGroup ownGroup;
    private Channel serverChannel;
    private volatile boolean listening;

    /**
     * @param tls TLS context supplier (asked once per connection), or null for plain HTTP
     * @param loops event loops to run on, or null to create a private group
     */
    public HttpServer(HttpServerSettings settings, ApiServices services, Supplier<SslContext> tls, Loops loops) {
        this.settings = settings;
        this.services = services;
        this.tls = tls;
        this.external = loops;
    }

    /** Plain HTTP on a private event-loop group. */
    public HttpServer(HttpServerSettings settings, ApiServices services) {
        this(settings, services, null, null);
    }

    /** Binds the listener. */
    public void start() throws InterruptedException {
        work = new BlockingWork(settings.effectiveWorkerThreads(), settings.workQueue());
        Loops loops = external != null ? external : ownLoops();
        Router router = new Router(services.authenticator(), routes());
        HttpChannels channels = new HttpChannels(router, httpMetrics, settings.maxBodyBytes(),
                settings.readTimeout(), settings.idleTimeout(), tls);
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(channels.initializer());
                    }
                });
        try {
            serverChannel = b.bind(settings.bindAddress(), settings.port()).sync().channel();
        } catch (Exception e) {
            close();
            throw e;
        }
        listening = true;
        log.debug("HTTP listening on {}{}", serverChannel.localAddress(), tls != null ? " (TLS)" : "");
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Map<String, HealthCheck> readiness = new LinkedHashMap<>(services.readiness());
        readiness.put("http", () -> listening ? Optional.empty() : Optional.of("not listening"));
        routes.addAll(new HealthApi(readiness).routes());
        routes.addAll(new MetricsApi(new PrometheusExport(services.metrics(), httpMetrics, services.counters(),
                services.telemetry() == null ? null : services.telemetry().metrics()),
                settings.metricsNeedToken(), work).routes());
        routes.addAll(new ThingsApi(services.registry(), services.presence(), services.heartbeats(),
                services.writes(), work).routes());
        routes.addAll(new ShadowsApi(services.shadows(), services.writes()).routes());
        routes.addAll(new TelemetryApi(services.telemetry(), services.registry(), services.writes(), work).routes());
        return routes;
    }

    private Loops ownLoops() {
        ownGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        return new Loops(ownGroup, NioServerSocketChannel.class);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public boolean isListening() {
        return listening;
    }

    /** Stops listening, closes open connections, lets running work finish (briefly). */
    @Override
    public void close() {
        listening = false;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (work != null) {
            work.close();
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
