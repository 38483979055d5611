package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

/**
 * The {@code presence:} settings of one layer; {@code null} keeps the value below. Component
 * names are the keys of the section.
 */
public record PresenceOverrides(Integer heartbeatWindowSeconds) {

    public static final PresenceOverrides NONE = new PresenceOverrides(null);

    public NodeConfig.Presence applyTo(NodeConfig.Presence base) {
        return new NodeConfig.Presence(LimitSettings.or(heartbeatWindowSeconds, base.heartbeatWindowSeconds()));
    }
}
