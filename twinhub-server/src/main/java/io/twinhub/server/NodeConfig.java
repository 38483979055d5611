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
 */
public record NodeConfig(
        String bindAddress,
        int mqttPort,
        Path dataDir,
        String transport,
        int ioThreads,
        BrokerLimits limits) {

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 1883, Path.of("data"), "auto", 0, BrokerLimits.defaults());
    }

    /** The defaults with an ephemeral port and the given data directory: what tests start. */
    public static NodeConfig forTest(Path dataDir) {
        return new NodeConfig("127.0.0.1", 0, dataDir, "auto", 2, BrokerLimits.defaults());
    }

    public NodeConfig withLimits(BrokerLimits newLimits) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, newLimits);
    }
}
