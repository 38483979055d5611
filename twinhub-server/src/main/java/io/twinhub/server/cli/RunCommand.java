package io.twinhub.server.cli;

import io.netty.util.ResourceLeakDetector;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.config.AuthOverrides;
import io.twinhub.server.config.ConfigLoader;
import io.twinhub.server.config.HttpSettings;
import io.twinhub.server.config.LimitSettings;
import io.twinhub.server.config.NodeSettings;
import io.twinhub.server.config.TlsOverrides;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code twinhub run}: start one node and serve until Ctrl-C or SIGTERM. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {"Start a node and serve until Ctrl-C or SIGTERM.",
                "Settings: defaults < --config file < command-line options."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see twinhub.example.yaml).")
    Path config;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address the listeners bind to (default: 127.0.0.1).")
    String bind;

    @Option(names = "--mqtt-port", paramLabel = "N", description = "MQTT TCP port, 0 = any free port (default: 1883).")
    Integer mqttPort;

    @Option(names = "--http-port", paramLabel = "N",
            description = "HTTP port (REST API, /health, /metrics), 0 = any free port (default: 8080).")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the node keeps its data (default: ./data).")
    Path dataDir;

    @Option(names = "--transport", paramLabel = "KIND",
            description = "Network transport: auto, epoll, io_uring or nio (default: auto).")
    String transport;

    @Option(names = "--io-threads", paramLabel = "N", description = "Event-loop threads, 0 = one per core (default: 0).")
    Integer ioThreads;

    @Option(names = "--storage", paramLabel = "ENGINE",
            description = "Storage engine: rocksdb (durable) or memory (nothing survives a restart) (default: rocksdb).")
    String storage;

    @Option(names = "--durability", paramLabel = "MODE",
            description = "sync: acknowledged = fsynced; batch: synced every 100 ms; none: never synced, for benchmarks (default: sync).")
    String durability;

    @Option(names = "--anonymous", paramLabel = "POLICY",
            description = "Clients without credentials: auto (only while listening on loopback alone), on, off (default: auto).")
    String anonymous;

    @Option(names = "--connection-rate", paramLabel = "N",
            description = "New MQTT connections accepted per second, 0 = no limit (default: 0).")
    Integer connectionRate;

    @ArgGroup(validate = false, heading = "%nBroker limits (see docs/CONFIGURATION.md for all of them):%n")
    LimitOptions limits;

    @ArgGroup(validate = false, heading = "%nTLS (see docs/TLS.md):%n")
    TlsOptions tls;

    @Mixin
    VerboseOption verbose;

    /** The command line's own settings; {@code null} where an option was not given. */
    public NodeSettings cliSettings() {
        LimitSettings limitSettings = limits == null ? LimitSettings.NONE : limits.toSettings();
        TlsOverrides tlsOverrides = tls == null ? TlsOverrides.NONE : tls.toOverrides();
        AuthOverrides auth = new AuthOverrides(anonymous, connectionRate, null, null, null, null, null);
        return new NodeSettings(bind, mqttPort, dataDir, transport, ioThreads, limitSettings, storage, durability,
                tlsOverrides, HttpSettings.port(httpPort), auth);
    }

    /** Defaults, then the config file, then the command line, validated. */
    public NodeConfig resolveConfig() {
        return ConfigLoader.load(config, cliSettings());
    }

    @Override
    public Integer call() throws InterruptedException {
        quietLeakDetection();
        return new NodeRunner(System.out).runUntilShutdown(resolveConfig());
    }

    /**
     * Netty samples one buffer in 128 for leaks by default and records where each sampled buffer
     * went: on the publish path that is garbage and work per message for a check that belongs in
     * tests (which keep it on). A node started from the command line turns it off unless
     * {@code -Dio.netty.leakDetection.level} asks otherwise.
     */
    private static void quietLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
