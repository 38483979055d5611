package io.twinhub.server.config;

import java.nio.file.Path;

/** The shape of the YAML config file; see {@code docs/CONFIGURATION.md}. Absent keys are {@code null}. */
record ConfigFile(
        String bind,
        Mqtt mqtt,
        String transport,
        Integer ioThreads,
        String dataDir,
        LimitSettings limits,
        Storage storage,
        Tls tls,
        HttpSettings http,
        AuthOverrides auth,
        PresenceOverrides presence,
        ShadowOverrides shadows,
        TelemetryOverrides telemetry) {

    /** The {@code tls:} section; paths are taken as given (relative ones against the working directory). */
    record Tls(Boolean enabled, Integer mqttPort, Integer httpsPort, String cert, String key, String ca,
               String clientAuth, Integer reloadSeconds, Integer handshakeTimeoutSeconds) {

        TlsOverrides toOverrides() {
            return new TlsOverrides(enabled, mqttPort, httpsPort, path(cert), path(key), path(ca), clientAuth,
                    reloadSeconds, handshakeTimeoutSeconds);
        }

        private static Path path(String value) {
            return value == null || value.isBlank() ? null : Path.of(value);
        }
    }

    /** The {@code storage:} section. */
    record Storage(String engine, String durability) {
    }

    /** The {@code mqtt:} section. */
    record Mqtt(Integer port) {
    }

    NodeSettings toSettings() {
        return new NodeSettings(
                bind,
                mqtt == null ? null : mqtt.port(),
                dataDir == null ? null : Path.of(dataDir),
                transport,
                ioThreads,
                limits == null ? LimitSettings.NONE : limits,
                storage == null ? null : storage.engine(),
                storage == null ? null : storage.durability(),
                tls == null ? TlsOverrides.NONE : tls.toOverrides(),
                http == null ? HttpSettings.NONE : http,
                auth == null ? AuthOverrides.NONE : auth,
                presence == null ? PresenceOverrides.NONE : presence,
                shadows == null ? ShadowOverrides.NONE : shadows,
                telemetry == null ? TelemetryOverrides.NONE : telemetry);
    }
}
