package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

/**
 * The {@code http:} section of the config file, or the command line's HTTP options; {@code null}
 * keeps the value below. Component names are the keys of the section.
 */
public record HttpSettings(
        Boolean enabled,
        Integer port,
        Integer maxBodyBytes,
        Integer readTimeoutSeconds,
        Integer idleTimeoutSeconds,
        Integer workerThreads,
        Boolean metricsRequireToken) {

    public static final HttpSettings NONE = new HttpSettings(null, null, null, null, null, null, null);

    public static HttpSettings port(Integer port) {
        return new HttpSettings(null, port, null, null, null, null, null);
    }

    public NodeConfig.Http applyTo(NodeConfig.Http base) {
        return new NodeConfig.Http(
                LimitSettings.or(enabled, base.enabled()),
                LimitSettings.or(port, base.port()),
                LimitSettings.or(maxBodyBytes, base.maxBodyBytes()),
                LimitSettings.or(readTimeoutSeconds, base.readTimeoutSeconds()),
                LimitSettings.or(idleTimeoutSeconds, base.idleTimeoutSeconds()),
                LimitSettings.or(workerThreads, base.workerThreads()),
                LimitSettings.or(metricsRequireToken, base.metricsRequireToken()));
    }
}
