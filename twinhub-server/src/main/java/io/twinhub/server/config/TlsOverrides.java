package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

import java.nio.file.Path;

import static io.twinhub.server.config.LimitSettings.or;

/**
 * The {@code tls:} settings of one layer (config file or command line); {@code null} keeps the value
 * below. Naming a certificate turns TLS on unless the same layer says {@code enabled: false}.
 */
public record TlsOverrides(
        Boolean enabled,
        Integer mqttPort,
        Integer httpsPort,
        Path certificate,
        Path privateKey,
        Path ca,
        String clientAuth,
        Integer reloadSeconds,
        Integer handshakeTimeoutSeconds) {

    public static final TlsOverrides NONE = new TlsOverrides(null, null, null, null, null, null, null, null, null);

    public NodeConfig.Tls applyTo(NodeConfig.Tls base) {
        boolean on = enabled != null ? enabled : certificate != null || base.enabled();
        return new NodeConfig.Tls(on,
                or(mqttPort, base.mqttPort()),
                or(httpsPort, base.httpsPort()),
                or(certificate, base.certificate()),
                or(privateKey, base.privateKey()),
                or(ca, base.ca()),
                or(clientAuth, base.clientAuth()),
                or(reloadSeconds, base.reloadSeconds()),
                or(handshakeTimeoutSeconds, base.handshakeTimeoutSeconds()));
    }
}
