package io.twinhub.bench.access;

/** How the devices of a {@code connect} run prove who they are (docs/SECURITY.md, "Principals"). */
public enum AuthMode {
    /** No user name: an anonymous client (the node allows it on loopback listeners). */
    NONE("none"),
    /** Client id = user name = device id, password = the device token the REST API returned. */
    TOKENS("tokens"),
    /** A client certificate with CN = device id over TLS, no user name or password. */
    CERTIFICATES("certificates");

    private final String option;

    AuthMode(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    /** Whether the devices must exist in the node's registry before they connect. */
    public boolean needsRegisteredDevices() {
        return this != NONE;
    }

    public static AuthMode parse(String s) {
        for (AuthMode m : values()) {
            if (m.option.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--auth must be none, tokens or certificates, got '" + s + "'");
    }
}
