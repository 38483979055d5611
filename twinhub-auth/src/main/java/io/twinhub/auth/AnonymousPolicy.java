package io.twinhub.auth;

import java.util.Locale;

/** Whether clients that present no user name may connect, as anonymous principals with every permission. */
public enum AnonymousPolicy {
    /** Only through a listener bound to loopback alone: a broker for this machine. The default. */
    AUTO,
    /** Through every listener: a plain MQTT broker for anyone who can reach it. */
    ON,
    /** Never: every client needs credentials. */
    OFF;

    public boolean allows(boolean loopbackListener) {
        return this == ON || (this == AUTO && loopbackListener);
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code auto}, {@code on}, {@code off} */
    public static AnonymousPolicy parse(String value) {
        for (AnonymousPolicy p : values()) {
            if (p.configName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("anonymous policy must be auto, on or off, got '" + value + "'");
    }
}
