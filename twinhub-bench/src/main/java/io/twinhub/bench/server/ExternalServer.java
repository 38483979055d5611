package io.twinhub.bench.server;

import java.net.InetSocketAddress;

/** A server someone else started ({@code --target}, optionally {@code --server-pid}). Never stopped by us. */
public record ExternalServer(String name, InetSocketAddress address, long pid) implements ServerHandle {

    @Override
    public void close() {
        // not ours
    }
}
