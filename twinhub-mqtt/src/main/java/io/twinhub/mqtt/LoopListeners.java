package io.twinhub.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * One listening address served by every event loop. With a native transport each loop gets its
 * own listening socket on the same port ({@code SO_REUSEPORT}): the kernel spreads new
 * connections over them, and a connection stays on the loop that accepted it. With one shared
 * socket, the accepting loop hands every new connection to the next loop in turn, which costs a
 * task hand-over and often a wake-up of that loop per connect.
 *
 * <p>{@code SO_REUSEPORT} lets any socket of the same user that also sets it share the port, so
 * a second node started on the same port would silently split the connections with the first.
 * To keep "address already in use" for that case, the port is first claimed by a plain socket
 * that does not set it; that bind fails while anything listens on the port.
 */
final class LoopListeners {

    private final List<Channel> channels;

    private LoopListeners(List<Channel> channels) {
        this.channels = channels;
    }

    /**
     * Binds {@code template} (group and child handler not yet set) on {@code address}:{@code port}
     * (0: a free port). {@code reusePort} is the transport's {@code SO_REUSEPORT} option, or
     * {@code null} for one shared socket.
     */
    static LoopListeners bind(ServerBootstrap template, EventLoopGroup group, ChannelOption<Boolean> reusePort,
                              String address, int port) throws InterruptedException, IOException {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        if (reusePort == null || loops.size() == 1) {
            return new LoopListeners(List.of(template.clone().group(group).bind(address, port).sync().channel()));
        }
        int claimed = claim(address, port);
        List<Channel> bound = new ArrayList<>(loops.size());
        try {
            for (EventLoop loop : loops) {
                // The loop is its own group of one: what it accepts is registered on it, inline.
                bound.add(template.clone().group(loop, loop).option(reusePort, true)
                        .bind(address, claimed).sync().channel());
            }
        } catch (InterruptedException | RuntimeException e) {
            bound.forEach(c -> c.close().syncUninterruptibly());
            throw e;
        }
        return new LoopListeners(List.copyOf(bound));
    }

    /** Binds and releases a plain socket: fails as "address already in use" if the port is taken. */
    private static int claim(String address, int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);  // as the listeners: a port with only closing connections is free
            probe.bind(new InetSocketAddress(address, port), 1);
            return probe.getLocalPort();
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    int sockets() {
        return channels.size();
    }

    void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
    }
}
