package io.twinhub.server.config;

import io.twinhub.server.NodeConfig;

import java.nio.file.Path;

/**
 * One layer of settings (the config file's, or the command line's) laid over a {@link NodeConfig};
 * {@code null} keeps the value below.
 */
public record NodeSettings(
        String bind,
        Integer mqttPort,
        Path dataDir,
        String transport,
        Integer ioThreads,
        LimitSettings limits,
        String storageEngine,
        String durability,
        TlsOverrides tls,
        HttpSettings http,
        AuthOverrides auth,
        PresenceOverrides presence,
        ShadowOverrides shadows,
        TelemetryOverrides telemetry) {

    public static final NodeSettings NONE = new NodeSettings(null, null, null, null, null, LimitSettings.NONE, null,
            null, TlsOverrides.NONE, HttpSettings.NONE, AuthOverrides.NONE, PresenceOverrides.NONE, ShadowOverrides.NONE,
            TelemetryOverrides.NONE);

    /** A layer without a telemetry section. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, TlsOverrides tls,
                        HttpSettings http, AuthOverrides auth, PresenceOverrides presence, ShadowOverrides shadows) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, tls, http, auth,
                presence, shadows, TelemetryOverrides.NONE);
    }

    /** A layer without a shadows section. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, TlsOverrides tls,
                        HttpSettings http, AuthOverrides auth, PresenceOverrides presence) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, tls, http, auth,
                presence, ShadowOverrides.NONE);
    }

    /** A layer without a presence section. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, TlsOverrides tls,
                        HttpSettings http, AuthOverrides auth) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, tls, http, auth,
                PresenceOverrides.NONE);
    }

    /** A layer without TLS, HTTP or auth settings. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, TlsOverrides.NONE,
                HttpSettings.NONE, AuthOverrides.NONE);
    }

    /** A layer with TLS settings only among the optional sections. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, TlsOverrides tls) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, tls, HttpSettings.NONE,
                AuthOverrides.NONE);
    }

    /** A layer with HTTP settings only among the optional sections. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, HttpSettings http) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, TlsOverrides.NONE, http,
                AuthOverrides.NONE);
    }

    /** A layer with auth settings only among the optional sections. */
    public NodeSettings(String bind, Integer mqttPort, Path dataDir, String transport, Integer ioThreads,
                        LimitSettings limits, String storageEngine, String durability, AuthOverrides auth) {
        this(bind, mqttPort, dataDir, transport, ioThreads, limits, storageEngine, durability, TlsOverrides.NONE,
                HttpSettings.NONE, auth);
    }

    public NodeConfig applyTo(NodeConfig base) {
        return new NodeConfig(
                LimitSettings.or(bind, base.bindAddress()),
                LimitSettings.or(mqttPort, base.mqttPort()),
                LimitSettings.or(dataDir, base.dataDir()),
                LimitSettings.or(transport, base.transport()),
                LimitSettings.or(ioThreads, base.ioThreads()),
                limits == null ? base.limits() : limits.applyTo(base.limits()),
                new NodeConfig.Storage(LimitSettings.or(storageEngine, base.storage().engine()),
                        LimitSettings.or(durability, base.storage().durability())),
                tls == null ? base.tls() : tls.applyTo(base.tls()),
                http == null ? base.http() : http.applyTo(base.http()),
                auth == null ? base.auth() : auth.applyTo(base.auth()),
                presence == null ? base.presence() : presence.applyTo(base.presence()),
                shadows == null ? base.shadows() : shadows.applyTo(base.shadows()),
                telemetry == null ? base.telemetry() : telemetry.applyTo(base.telemetry()));
    }
}
