package io.twinhub.core.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Authenticators that need no credential store. */
public final class Authenticators {

    private static final Authenticator ANONYMOUS = new Authenticator() {
        @Override
        public CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials) {
            return CompletableFuture.completedFuture(new AuthOutcome.Accepted(
                    new Principal(Principal.Kind.ANONYMOUS, credentials.clientId(), Permissions.ALL)));
        }

        @Override
        public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
            return CompletableFuture.completedFuture(
                    new AuthOutcome.Refused(AuthOutcome.Reason.BAD_CREDENTIALS, "no credentials are configured"));
        }
    };

    private Authenticators() { }

    /**
     * Lets every MQTT client in as an anonymous principal with every permission, whatever it
     * presents (a plain broker); refuses every bearer token. For tests and embedded use.
     */
    public static Authenticator anonymous() {
        return ANONYMOUS;
    }
}
