package io.twinhub.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.twinhub.core.Broker;
import io.twinhub.core.session.SessionLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listener. Each connection's pipeline is: decoder (netty-codec-mqtt, bounded by the
 * maximum packet size) → encoder → idle handler (CONNECT timeout, then keep-alive × 1.5) →
 * {@link MqttConnection}. A connection over the listener's connection rate is closed before any
 * of them is added.
 */
public final class MqttServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    static final String IDLE_HANDLER = "idle";

    private final Broker broker;
    private final MqttServerSettings settings;
    private final ListenerSecurity security;
    private final AcceptRateLimit acceptRate;
    private EventLoopGroup group;
    private Channel serverChannel;
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

    /** Binds the listener and announces it; {@link #open()} first. */
    public void listen() throws InterruptedException {
        int maxPacket = broker.limits().maxPacketSize();
        int maxClientId = broker.limits().maxClientIdLength();
        boolean loopbackOnly = isLoopback(settings.bindAddress());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (acceptRate != null && !acceptRate.admit()) {
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast("decoder", new MqttDecoder(maxPacket, maxClientId))
                                .addLast("encoder", MqttEncoder.INSTANCE)
                                .addLast(IDLE_HANDLER, new IdleStateHandler(settings.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS))
                                .addLast("mqtt", new MqttConnection(broker, settings, security.authenticator(), loopbackOnly));
                    }
                });
        try {
            serverChannel = b.bind(settings.bindAddress(), settings.port()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        if (!WarmUp.run(localAddress())) {
            log.warn("warm-up connection to {} failed", localAddress());
        }
        log.debug("MQTT listening on {} ({})", serverChannel.localAddress(), transport.name());
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

    public String transportName() {
        return transport.name();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
