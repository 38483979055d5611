package io.twinhub.bench.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The generator's event loops: native epoll when available (cheaper per syscall), NIO otherwise. */
public final class ClientTransport implements AutoCloseable {

    private final String name;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;

    private ClientTransport(String name, IoHandlerFactory io, Class<? extends SocketChannel> channelClass, int threads) {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelClass = channelClass;
    }

    /** @param wanted {@code auto}, {@code epoll} or {@code nio} */
    public static ClientTransport create(String wanted, int threads) {
        boolean epoll = switch (wanted) {
            case "auto" -> Epoll.isAvailable();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("epoll is not available: " + Epoll.unavailabilityCause());
                }
                yield true;
            }
            case "nio" -> false;
            default -> throw new IllegalArgumentException("unknown transport '" + wanted + "' (auto, epoll, nio)");
        };
        return epoll
                ? new ClientTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class, threads)
                : new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class, threads);
    }

    public String name() {
        return name;
    }

    public boolean epoll() {
        return name.equals("epoll");
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> channelClass() {
        return channelClass;
    }

    public List<EventExecutor> loops() {
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        return loops;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
