package io.twinhub.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;
import io.twinhub.core.Broker;
import io.twinhub.core.session.SessionLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listeners. Each connection's pipeline is: decoder (netty-codec-mqtt, bounded by the
 * maximum packet size) → encoder → {@link MqttConnection}, whose CONNECT timeout and keep-alive
 * × 1.5 are deadlines on its loop's {@link DeadlineWheel}. The optional TLS listener shares the event loops and puts an
 * {@link SslHandler} (named {@value #TLS_HANDLER}) and a {@link TlsHandshakeWatch} in front of the
 * same pipeline. A connection over the listener's connection rate is closed before any of them is
 * added.
 */
public final class MqttServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    /** The name of the {@link SslHandler} in a TLS connection's pipeline (the client certificate is found there). */
    public static final String TLS_HANDLER = "tls";
    /**
     * How long the kernel keeps a connection that has sent nothing before handing it over anyway
     * (rounded up to its next SYN-ACK retransmission); the CONNECT timeout starts after that.
     */
    static final int DEFER_ACCEPT_SECONDS = 1;

    private final Broker broker;
    private final MqttServerSettings settings;
    private final ListenerSecurity security;
    private final AcceptRateLimit acceptRate;
    private EventLoopGroup group;
    private Channel serverChannel;
    private Channel tlsServerChannel;
    private final TlsHandshakeWatch handshakeWatch = new TlsHandshakeWatch();
    private Transports transport;

    /** A listener that lets every client in (anonymous, every permission): tests and embedding. */
    public MqttServer(Broker broker, MqttServerSettings settings) {
        this(broker, settings, ListenerSecurity.open());
    }

    public MqttServer(Broker broker, MqttServerSettings settings, ListenerSecurity security) {
        this.broker = broker;
        this.settings = settings;
        this.security = security;
        this.acceptRate = security.connectionsPerSecond() > 0
                ? new AcceptRateLimit(security.connectionsPerSecond(), System::nanoTime) : null;
    }

    /** Connections closed at once because they came faster than the listener's connection rate. */
    public long connectionsOverRate() {
        return acceptRate == null ? 0 : acceptRate.refused();
    }

    /**
     * Creates the event loops without listening yet, so that sessions restored from the store
     * can be given owner loops before any client connects.
     */
    public void open() {
        transport = Transports.select(settings.transport());
        int threads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        group = transport.newGroup(threads);
    }

    /** One of the event loops, round-robin: an owner for a restored session. */
    public SessionLoop nextLoop() {
        return new NettyLoop((EventLoop) group.next());
    }

    /** Binds the listener (and the TLS one, if configured) and announces them; {@link #open()} first. */
    public void listen() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024));
        if (transport.deferredAccept()) {
            // An MQTT client speaks first (CONNECT, or a TLS ClientHello), so the kernel may hand a
            // connection over only once its first bytes are there: the accept and the CONNECT wake
            // the loop together, and a silent socket holds no descriptor while it waits.
            b.option(EpollChannelOption.TCP_DEFER_ACCEPT, DEFER_ACCEPT_SECONDS);
        }
        MqttTlsListener tls = settings.tls();
        try {
            serverChannel = b.clone().childHandler(initializer(null)).bind(settings.bindAddress(), settings.port()).sync().channel();
            if (tls != null) {
                tlsServerChannel = b.clone().childHandler(initializer(tls)).bind(settings.bindAddress(), tls.port()).sync().channel();
            }
        } catch (Exception e) {
            if (serverChannel != null) {
                serverChannel.close().syncUninterruptibly();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        if (!WarmUp.run(localAddress())) {
            log.warn("warm-up connection to {} failed", localAddress());
        }
        log.debug("MQTT listening on {} ({})", serverChannel.localAddress(), transport.name());
        if (tlsServerChannel != null) {
            log.debug("MQTT over TLS listening on {}", tlsServerChannel.localAddress());
        }
    }

    /** The MQTT pipeline, behind TLS when {@code tls} is given. */
    private ChannelInitializer<Channel> initializer(MqttTlsListener tls) {
        int maxPacket = broker.limits().maxPacketSize();
        int maxClientId = broker.limits().maxClientIdLength();
        boolean loopbackOnly = isLoopback(settings.bindAddress());
        long handshakeMillis = tls == null ? 0 : TimeUnit.SECONDS.toMillis(tls.handshakeTimeoutSeconds());
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (acceptRate != null && !acceptRate.admit()) {
                    ch.close();
                    return;
                }
                if (tls != null) {
                    SslHandler ssl = tls.contexts().get().newHandler(ch.alloc());
                    ssl.setHandshakeTimeoutMillis(handshakeMillis);
                    ch.pipeline().addLast(TLS_HANDLER, ssl).addLast("tls-watch", handshakeWatch);
                }
                MqttConnection connection = new MqttConnection(broker, settings, security.authenticator(), loopbackOnly);
                ch.pipeline()
                        .addLast("publish-fast-path", new PublishFastPath(maxPacket, connection))
                        .addLast("decoder", new MqttDecoder(maxPacket, maxClientId))
                        .addLast("encoder", MqttEncoder.INSTANCE)
                        .addLast("mqtt", connection);
            }
        };
    }

    /** True when {@code bindAddress} is a loopback address (a host name is resolved). */
    static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The TLS listener's address, or {@code null} when there is none. */
    public InetSocketAddress tlsLocalAddress() {
        return tlsServerChannel == null ? null : (InetSocketAddress) tlsServerChannel.localAddress();
    }

    /** TLS handshakes that failed (bad or missing client certificate, timeout, not TLS at all, ...). */
    public long tlsHandshakeFailures() {
        return handshakeWatch.failures();
    }

    /** The event loops ({@link #open()} first), for the node's other listeners to share; closed with this server. */
    public EventLoopGroup eventLoops() {
        return group;
    }

    /** The server socket type that fits {@link #eventLoops()}. */
    public Class<? extends ServerChannel> serverChannelType() {
        return transport.serverChannel();
    }

    public String transportName() {
        return transport.name();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (tlsServerChannel != null) {
            tlsServerChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
