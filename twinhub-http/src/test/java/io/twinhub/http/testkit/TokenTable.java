package io.twinhub.http.testkit;

import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.Permissions;
import io.twinhub.core.auth.Principal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table-driven authenticator for tests: fixed admin and application tokens, plus the current
 * tokens of the devices in a {@link MemoryDeviceRegistry}.
 */
public final class TokenTable implements Authenticator {

    private final Map<String, Principal> fixed = new ConcurrentHashMap<>();
    private final MemoryDeviceRegistry devices;

    public TokenTable(MemoryDeviceRegistry devices) {
        this.devices = devices;
    }

    public TokenTable admin(String token, String name) {
        fixed.put(token, new Principal(Principal.Kind.ADMIN, name, Permissions.ALL));
        return this;
    }

    /** An application that may access the things whose id starts with {@code idPrefix}. */
    public TokenTable application(String token, String name, String idPrefix) {
        fixed.put(token, new Principal(Principal.Kind.APPLICATION, name, new PrefixPermissions(idPrefix)));
        return this;
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials) {
        boolean ok = credentials.password() != null && devices.verifyToken(credentials.clientId(), credentials.password());
        return CompletableFuture.completedFuture(ok
                ? new AuthOutcome.Accepted(devicePrincipal(credentials.clientId()))
                : new AuthOutcome.Refused(AuthOutcome.Reason.BAD_CREDENTIALS, "bad user name or password"));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
        Principal p = fixed.get(token);
        if (p == null) {
            p = devices.deviceOfToken(token).map(TokenTable::devicePrincipal).orElse(null);
        }
        return CompletableFuture.completedFuture(p != null ? new AuthOutcome.Accepted(p)
                : new AuthOutcome.Refused(AuthOutcome.Reason.BAD_CREDENTIALS, "invalid token"));
    }

    private static Principal devicePrincipal(String id) {
        return new Principal(Principal.Kind.DEVICE, id, new PrefixPermissions(id));
    }

    private record PrefixPermissions(String prefix) implements Permissions {
        @Override public boolean mayPublish(String topic) { return false; }
        @Override public boolean maySubscribe(String filter) { return false; }
        @Override public boolean mayAccessThing(String deviceId) { return deviceId.startsWith(prefix); }
    }
}
