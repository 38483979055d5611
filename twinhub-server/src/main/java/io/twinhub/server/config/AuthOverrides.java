package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

/**
 * The {@code auth:} settings a config file or the command line sets; {@code null} keeps the value
 * below. Component names are the keys of the {@code auth:} section.
 */
public record AuthOverrides(
        String anonymous,
        Integer connectionsPerSecond,
        Integer failedAuthBurst,
        Integer failedAuthPerMinute,
        Integer hashThreads,
        Integer hashQueue,
        Integer cacheSize) {

    public static final AuthOverrides NONE = new AuthOverrides(null, null, null, null, null, null, null);

    public NodeConfig.Auth applyTo(NodeConfig.Auth base) {
        return new NodeConfig.Auth(
                LimitSettings.or(anonymous, base.anonymous()),
                LimitSettings.or(connectionsPerSecond, base.connectionsPerSecond()),
                LimitSettings.or(failedAuthBurst, base.failedAuthBurst()),
                LimitSettings.or(failedAuthPerMinute, base.failedAuthPerMinute()),
                LimitSettings.or(hashThreads, base.hashThreads()),
                LimitSettings.or(hashQueue, base.hashQueue()),
                LimitSettings.or(cacheSize, base.cacheSize()));
    }
}
