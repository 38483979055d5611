package io.twinhub.mqtt;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The socket implementation: native epoll by default on Linux, io_uring when asked for (and the
 * kernel allows it), NIO anywhere else. {@code reusePort} is the transport's {@code SO_REUSEPORT}
 * option (null for NIO), with which each event loop gets its own listening socket.
 */
record Transports(String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel,
                  ChannelOption<Boolean> reusePort) {

    static Transports select(String wanted) {
        return switch (wanted) {
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("io_uring is not available: " + IoUring.unavailabilityCause());
                }
                yield new Transports("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                        IoUringChannelOption.SO_REUSEPORT);
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
        return new Transports("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollChannelOption.SO_REUSEPORT);
    }

    private static Transports nio() {
        return new Transports("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, null);
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandler);
    }
}
