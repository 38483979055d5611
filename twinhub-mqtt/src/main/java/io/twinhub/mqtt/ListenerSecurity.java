package io.twinhub.mqtt;

import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.Authenticators;

/**
 * Who may use a listener.
 *
 * @param authenticator checks every CONNECT
 * @param connectionsPerSecond new connections accepted per second; 0 = no limit
 */
public record ListenerSecurity(Authenticator authenticator, int connectionsPerSecond) {

    /** Everyone in, as an anonymous principal with every permission; no rate limit. */
    public static ListenerSecurity open() {
        return new ListenerSecurity(Authenticators.anonymous(), 0);
    }
}
