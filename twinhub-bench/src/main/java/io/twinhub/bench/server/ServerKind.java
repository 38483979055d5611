package io.twinhub.bench.server;

import java.util.Locale;

/** What {@code --start} can launch. */
public enum ServerKind {
    /** A twinhub node in its own JVM, from twinhub-server/target. */
    TWINHUB,
    /** Debian's mosquitto 2.0 with a generated config. */
    MOSQUITTO,
    /** The reference: a Netty server that decodes MQTT with netty-codec-mqtt and discards it. */
    DISCARD,
    /** Like DISCARD but parsing fixed headers only: close to the loopback's own limit. */
    DISCARD_RAW;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ServerKind parse(String s) {
        for (ServerKind k : values()) {
            if (k.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown server '" + s + "' (twinhub, mosquitto, discard, discard-raw)");
    }

    public boolean isJvm() {
        return this != MOSQUITTO;
    }
}
