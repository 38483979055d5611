package io.twinhub.core.store;

import io.twinhub.core.session.Will;

/**
 * What is kept of a persistent session between its connections.
 *
 * @param clientId the session's client id
 * @param expirySeconds session expiry interval
 * @param disconnectedAtMillis when its connection ended, or 0 while connected (a session found
 *                             connected at recovery was cut by a crash)
 * @param will the will of its current connection, or null
 */
public record SessionRecord(String clientId, long expirySeconds, long disconnectedAtMillis, Will will) {
}
