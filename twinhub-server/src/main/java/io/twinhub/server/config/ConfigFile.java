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
        AuthOverrides auth) {

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
                auth == null ? AuthOverrides.NONE : auth);
    }
}
