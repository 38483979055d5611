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
 */
public record NodeConfig(
        String bindAddress,
        int mqttPort,
        Path dataDir,
        String transport,
        int ioThreads,
        BrokerLimits limits,
        Storage storage) {

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

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 1883, Path.of("data"), "auto", 0, BrokerLimits.defaults(), Storage.defaults());
    }

    /** The defaults with an ephemeral port and the given data directory: what tests start. */
    public static NodeConfig forTest(Path dataDir) {
        return new NodeConfig("127.0.0.1", 0, dataDir, "auto", 2, BrokerLimits.defaults(), Storage.defaults());
    }

    public NodeConfig withLimits(BrokerLimits newLimits) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, newLimits, storage);
    }

    public NodeConfig withStorage(Storage newStorage) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, newStorage);
    }
}
