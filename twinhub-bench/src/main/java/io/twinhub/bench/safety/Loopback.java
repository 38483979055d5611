package io.twinhub.bench.safety;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The generator only ever talks to this machine: a load generator pointed at someone else's
 * server is an attack. Targets must be 127.0.0.0/8, ::1 or a name resolving only to those.
 */
public final class Loopback {

    private Loopback() { }

    /**
     * Parses {@code host:port} (or {@code [v6]:port}) and checks that every address the host
     * resolves to is loopback.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static InetSocketAddress parseTarget(String hostPort) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("target must be HOST:PORT or [IPv6]:PORT, got '" + hostPort + "'");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(':') != colon) {
                throw new IllegalArgumentException("target must be HOST:PORT or [IPv6]:PORT, got '" + hostPort + "'");
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in target '" + hostPort + "'");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range in target '" + hostPort + "'");
        }
        return new InetSocketAddress(requireLoopback(host), p);
    }

    /** The loopback address {@code host} names; refuses anything else. */
    public static InetAddress requireLoopback(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve target host '" + host + "'");
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing target '" + host + "' (" + a.getHostAddress()
                        + "): the bench only runs against this machine's loopback (127.0.0.0/8, ::1, localhost)");
            }
        }
        return all[0];
    }
}
