package io.twinhub.server;

import io.twinhub.core.BrokerLimits;

import java.nio.file.Path;

/**
 * Everything one node needs to start. Built from defaults, then the config file, then
 * command-line overrides (see {@code docs/CONFIGURATION.md}).
 *
 * @param bindAddress address the listeners bind to (loopback by default)
 * @param mqttPort MQTT over TCP; 0 picks a free port
 * @param dataDir where the node keeps its data
 * @param transport {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}
 * @param ioThreads event-loop threads; 0 = one per core
 * @param limits broker bounds
 * @param storage storage engine and durability
 * @param http the HTTP listener (REST API, health, metrics)
 */
public record NodeConfig(
        String bindAddress,
        int mqttPort,
        Path dataDir,
        String transport,
        int ioThreads,
        BrokerLimits limits,
        Storage storage,
        Http http) {

    /**
     * Where and how durably the node keeps its state.
     *
     * @param engine {@code rocksdb} (embedded, durable) or {@code memory} (nothing survives a restart)
     * @param durability {@code sync}: acknowledged means fsynced; {@code batch}: synced every 100 ms,
     *                   a crash may lose the last 100 ms; {@code none}: not synced at all (benchmarks)
     */
    public record Storage(String engine, String durability) {
        public static Storage defaults() {
            return new Storage("rocksdb", "sync");
        }
    }

    /**
     * The HTTP listener: REST API, {@code /health/*}, {@code /metrics} (see docs/HTTP-API.md).
     *
     * @param enabled false: no HTTP listener at all
     * @param port TCP port; 0 picks a free one
     * @param maxBodyBytes largest request body accepted (413 beyond)
     * @param readTimeoutSeconds time a client has to send a whole request (408 beyond)
     * @param idleTimeoutSeconds an idle connection is closed after this
     * @param workerThreads threads for blocking API work; 0 = max(4, 2 x cores)
     * @param metricsRequireToken true: {@code /metrics} needs an admin or application token
     */
    public record Http(boolean enabled, int port, int maxBodyBytes, int readTimeoutSeconds, int idleTimeoutSeconds,
                       int workerThreads, boolean metricsRequireToken) {
        public static Http defaults() {
            return new Http(true, 8080, 1024 * 1024, 30, 120, 0, false);
        }

        public Http withPort(int newPort) {
            return new Http(enabled, newPort, maxBodyBytes, readTimeoutSeconds, idleTimeoutSeconds, workerThreads,
                    metricsRequireToken);
        }
    }

    /** A configuration with the default HTTP settings. */
    public NodeConfig(String bindAddress, int mqttPort, Path dataDir, String transport, int ioThreads,
                      BrokerLimits limits, Storage storage) {
        this(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, Http.defaults());
    }

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 1883, Path.of("data"), "auto", 0, BrokerLimits.defaults(), Storage.defaults(),
                Http.defaults());
    }

    /** The defaults with ephemeral ports and the given data directory: what tests start. */
    public static NodeConfig forTest(Path dataDir) {
        return new NodeConfig("127.0.0.1", 0, dataDir, "auto", 2, BrokerLimits.defaults(), Storage.defaults(),
                Http.defaults().withPort(0));
    }

    public NodeConfig withLimits(BrokerLimits newLimits) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, newLimits, storage, http);
    }

    public NodeConfig withStorage(Storage newStorage) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, newStorage, http);
    }

    public NodeConfig withHttp(Http newHttp) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, newHttp);
    }
}
