package io.twinhub.mqtt;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The socket implementation: native epoll by default on Linux, io_uring when asked for (and the
 * kernel allows it), NIO anywhere else.
 */
record Transports(String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel) {

    static Transports select(String wanted) {
        return switch (wanted) {
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("io_uring is not available: " + IoUring.unavailabilityCause());
                }
                yield new Transports("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            }
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("epoll is not available: " + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case "nio" -> nio();
            case "auto" -> Epoll.isAvailable() ? epoll() : nio();
            default -> throw new IllegalArgumentException("unknown transport '" + wanted + "' (auto, epoll, io_uring, nio)");
        };
    }

    private static Transports epoll() {
        return new Transports("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transports nio() {
        return new Transports("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /** Whether listeners set TCP_DEFER_ACCEPT (only the epoll channel takes that option here). */
    boolean deferredAccept() {
        return name.equals("epoll");
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandler);
    }
}
