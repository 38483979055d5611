package io.twinhub.auth;

import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.InMemoryCredentialStore;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Cheap Argon2 parameters and small helpers, so that tests spend their time on behaviour. */
final class TestSecurity {

    static final SecretHasher.Params FAST = new SecretHasher.Params(1024, 1, 1);

    private TestSecurity() { }

    static HubSecurity open(AuthSettings settings) {
        return new HubSecurity(new InMemoryCredentialStore(), withFastHash(settings));
    }

    static AuthSettings withFastHash(AuthSettings s) {
        return new AuthSettings(s.anonymous(), s.hashThreads(), s.hashQueue(), s.cacheSize(), s.failureBurst(),
                s.failuresPerMinute(), FAST);
    }

    static ClientCredentials mqtt(String clientId, String username, String password) {
        return new ClientCredentials(clientId, username, password == null ? null : password.getBytes(StandardCharsets.UTF_8),
                null, "192.0.2.1", false);
    }

    static AuthOutcome await(CompletionStage<AuthOutcome> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
