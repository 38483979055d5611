package io.twinhub.core.auth;

import java.util.concurrent.CompletionStage;

/**
 * Checks credentials. Implementations never block the calling thread (an event loop): slow hash
 * checks run on their own executor, and verified credentials are cached with a bound so that a
 * reconnect storm of known devices stays cheap.
 */
public interface Authenticator {

    /** An MQTT client's CONNECT. */
    CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials);

    /** An HTTP request's {@code Authorization: Bearer} token (admin, application or device token). */
    CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress);
}
