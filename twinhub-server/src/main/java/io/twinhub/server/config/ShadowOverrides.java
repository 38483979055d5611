package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

/**
 * The {@code shadows:} settings of one layer; {@code null} keeps the value below. Component
 * names are the keys of the section.
 */
public record ShadowOverrides(Integer maxStateBytes, Integer shards, Integer cachedShadows) {

    public static final ShadowOverrides NONE = new ShadowOverrides(null, null, null);

    public NodeConfig.Shadows applyTo(NodeConfig.Shadows base) {
        return new NodeConfig.Shadows(LimitSettings.or(maxStateBytes, base.maxStateBytes()),
                LimitSettings.or(shards, base.shards()), LimitSettings.or(cachedShadows, base.cachedShadows()));
    }
}
