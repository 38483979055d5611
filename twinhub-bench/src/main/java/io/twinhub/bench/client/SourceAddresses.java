package io.twinhub.bench.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads client sockets over source addresses 127.0.0.2, 127.0.0.3, … Each local address has its
 * own ephemeral port range (about 28K ports here), so tens of thousands of connections to one
 * server port do not run out of ports. Only for IPv4 loopback targets; every 127/8 address is local.
 */
public final class SourceAddresses {

    /** Connections per source address we aim for, well below the ephemeral range. */
    static final int CONNECTIONS_PER_ADDRESS = 10_000;
    static final int MAX_ADDRESSES = 250;

    private final InetAddress[] addresses;
    private final AtomicInteger next = new AtomicInteger();

    private SourceAddresses(InetAddress[] addresses) {
        this.addresses = addresses;
    }

    /**
     * Source addresses for about {@code connections} connections to {@code target}; {@code count}
     * forces how many (0 = enough for the connection count). Null when the target is not IPv4
     * loopback: then the kernel picks the source.
     */
    public static SourceAddresses forTarget(InetSocketAddress target, int connections, int count) {
        if (!(target.getAddress() instanceof Inet4Address v4) || !v4.isLoopbackAddress()) {
            return null;
        }
        int n = count > 0 ? count : Math.max(1, (connections + CONNECTIONS_PER_ADDRESS - 1) / CONNECTIONS_PER_ADDRESS);
        n = Math.min(n, MAX_ADDRESSES);
        InetAddress[] addresses = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            try {
                addresses[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for a 4-byte address
            }
        }
        return new SourceAddresses(addresses);
    }

    /** The next local address to bind, port 0 (the kernel picks the port). */
    public InetSocketAddress next() {
        int i = Math.floorMod(next.getAndIncrement(), addresses.length);
        return new InetSocketAddress(addresses[i], 0);
    }

    public int size() {
        return addresses.length;
    }
}
