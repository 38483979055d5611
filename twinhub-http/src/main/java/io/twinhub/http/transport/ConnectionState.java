package io.twinhub.http.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Per-connection bookkeeping shared by the handlers of one connection and, for HTTP/2, of its
 * streams. Only touched on the connection's event loop (stream channels share it).
 */
final class ConnectionState {

    private static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf(ConnectionState.class, "state");

    /** Requests received and not yet answered: a connection with any is not idle. */
    int inFlight;

    static ConnectionState of(Channel channel) {
        Channel connection = channel.parent() != null ? channel.parent() : channel;
        ConnectionState state = connection.attr(KEY).get();
        if (state == null) {
            state = new ConnectionState();
            connection.attr(KEY).set(state);
        }
        return state;
    }
}
