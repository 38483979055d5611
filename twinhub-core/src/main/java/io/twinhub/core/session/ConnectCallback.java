package io.twinhub.core.session;

/** How a connect ends, called on the connecting connection's loop. */
public interface ConnectCallback {

    /**
     * The session now belongs to this connection's loop. The transport answers CONNACK and then
     * calls {@link Session#attach}.
     *
     * @param sessionPresent whether state from an earlier connection was kept
     */
    void attached(Session session, boolean sessionPresent);

    /** A later connect with the same client id won before this one finished: close quietly. */
    void superseded();
}
