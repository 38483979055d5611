package io.twinhub.server;

import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.PresenceView;
import io.twinhub.core.store.BrokerStore;

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
}
