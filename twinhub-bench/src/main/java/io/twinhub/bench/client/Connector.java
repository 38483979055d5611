package io.twinhub.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;

import java.net.InetSocketAddress;

/**
 * Opens client sockets to the target: TCP_NODELAY (we batch ourselves), a generous write buffer
 * so publishers can keep the socket full, and a spread of source addresses when needed.
 */
public final class Connector {

    private final Bootstrap template;
    private final InetSocketAddress target;
    private final SourceAddresses sources;

    public Connector(ClientTransport transport, InetSocketAddress target, SourceAddresses sources,
                     int connectTimeoutMillis) {
        this.target = target;
        this.sources = sources;
        this.template = new Bootstrap()
                .group(transport.group())
                .channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 256 * 1024));
        if (transport.epoll() && sources != null) {
            // Let connect() pick the port for the full 4-tuple instead of reserving one at bind().
            template.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    /**
     * Starts connecting {@code c} on {@code loop}; its handler is the connection itself (behind TLS
     * when it uses TLS). Called on that loop, registration happens inline instead of through the
     * loop's task queue.
     */
    public ChannelFuture connect(BenchConnection c, EventLoop loop) {
        c.connectStarting();
        Bootstrap b = template.clone(loop).handler(c.channelHandler());
        ChannelFuture f = sources == null ? b.connect(target) : b.connect(target, sources.next());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                c.connectFailed(done.cause());
            }
        });
        return f;
    }

    public InetSocketAddress target() {
        return target;
    }

    public int sourceAddressCount() {
        return sources == null ? 0 : sources.size();
    }
}
