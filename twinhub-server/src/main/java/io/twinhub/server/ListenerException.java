package io.twinhub.server;

/** A listener of the node could not bind; names which, so the operator knows what to change. */
public final class ListenerException extends Exception {

    private final String scheme;
    private final int port;
    private final String flag;

    public ListenerException(String scheme, int port, String flag, Throwable cause) {
        super(scheme + " listener on port " + port + ": " + cause.getMessage(), cause);
        this.scheme = scheme;
        this.port = port;
        this.flag = flag;
    }

    /** {@code tcp} (MQTT), {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    public int port() {
        return port;
    }

    /** The command-line option that sets this listener's port. */
    public String flag() {
        return flag;
    }
}
