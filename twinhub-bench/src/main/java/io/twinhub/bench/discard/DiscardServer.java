package io.twinhub.bench.discard;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The "limit" reference: a trivial MQTT server on the same Netty as twinhub that answers what
 * clients wait for and discards everything else. In {@code codec} mode it decodes each packet
 * with netty-codec-mqtt; in {@code raw} mode it reads fixed headers only.
 */
public final class DiscardServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    private DiscardServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** @param raw fixed headers only instead of netty-codec-mqtt */
    public static DiscardServer start(String host, int port, int threads, boolean raw) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(n,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel c) {
                            if (raw) {
                                c.pipeline().addLast(new RawDiscardHandler());
                            } else {
                                c.pipeline().addLast(new MqttDecoder(1 << 20), new CodecDiscardHandler());
                            }
                        }
                    })
                    .bind(host, port).sync().channel();
            return new DiscardServer(group, ch);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public void awaitClose() throws InterruptedException {
        channel.closeFuture().await();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
