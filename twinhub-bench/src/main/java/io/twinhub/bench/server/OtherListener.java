package io.twinhub.bench.server;

import java.net.InetSocketAddress;

/**
 * The same server reached on another of its listeners (a node's MQTT-over-TLS port next to its
 * plain one): same process for CPU and memory, different address. Closing it leaves the server
 * to whoever opened it.
 */
public record OtherListener(ServerHandle server, InetSocketAddress address) implements ServerHandle {

    @Override
    public String name() {
        return server.name();
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public boolean inProcess() {
        return server.inProcess();
    }

    @Override
    public boolean alive() {
        return server.alive();
    }

    @Override
    public void close() {
        // the server itself is closed by its owner
    }
}
