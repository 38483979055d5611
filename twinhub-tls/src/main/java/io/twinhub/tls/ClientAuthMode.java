package io.twinhub.tls;

import io.netty.handler.ssl.ClientAuth;

import java.util.Locale;

/** Whether a TLS listener asks clients for a certificate, and whether it insists on one. */
public enum ClientAuthMode {
    /** No client certificate is asked for. */
    NONE(ClientAuth.NONE),
    /** A certificate is asked for; a client without one still connects, a client with a bad one does not. */
    OPTIONAL(ClientAuth.OPTIONAL),
    /** A certificate signed by the configured CA is required; the handshake fails without one. */
    REQUIRE(ClientAuth.REQUIRE);

    private final ClientAuth netty;

    ClientAuthMode(ClientAuth netty) {
        this.netty = netty;
    }

    ClientAuth netty() {
        return netty;
    }

    /** The configuration spelling: {@code none}, {@code optional} or {@code require}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code none}, {@code optional} or {@code require} (any case). */
    public static ClientAuthMode parse(String value) {
        for (ClientAuthMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("client auth must be one of none, optional, require, got '" + value + "'");
    }
}
