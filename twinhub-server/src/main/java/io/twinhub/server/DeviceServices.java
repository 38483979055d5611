package io.twinhub.server;

import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.PresenceView;
import io.twinhub.core.store.BrokerStore;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the node knows about devices and credentials: checks tokens, keeps the registry, tracks
 * presence. The HTTP API is built on it.
 *
 * @param authenticator checks MQTT credentials and bearer tokens
 * @param registry the device registry
 * @param presence who is online, for the device view
 * @param heartbeats where HTTP heartbeats go
 */
public record DeviceServices(
        Authenticator authenticator,
        DeviceRegistry registry,
        PresenceView presence,
        HeartbeatSink heartbeats) {

    /** Builds the device services of a node once its store is open. */
    @FunctionalInterface
    public interface Factory {
        DeviceServices create(NodeConfig config, BrokerStore store);
    }

    /**
     * A node without a credential store: every bearer token is refused as "unavailable" (HTTP
     * 503), so the device endpoints answer nothing, while health and metrics work.
     */
    public static final Factory UNCONFIGURED = (config, store) -> new DeviceServices(
            new NoCredentials(), new NoDeviceRegistry(), id -> Optional.empty(), HeartbeatSink.NONE);

    private static final class NoCredentials implements Authenticator {
        private static final AuthOutcome REFUSED = new AuthOutcome.Refused(AuthOutcome.Reason.UNAVAILABLE,
                "this node has no credential store configured");

        @Override
        public CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials) {
            return CompletableFuture.completedFuture(REFUSED);
        }

        @Override
        public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
            return CompletableFuture.completedFuture(REFUSED);
        }
    }
}
