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
 * @param auth authentication and connection limits (see {@code docs/SECURITY.md})
 */
public record NodeConfig(
        String bindAddress,
        int mqttPort,
        Path dataDir,
        String transport,
        int ioThreads,
        BrokerLimits limits,
        Storage storage,
        Auth auth) {

    /** A config with the default {@link Auth} settings. */
    public NodeConfig(String bindAddress, int mqttPort, Path dataDir, String transport, int ioThreads,
                      BrokerLimits limits, Storage storage) {
        this(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, Auth.defaults());
    }

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
     * Who may connect and how hard guessing is made.
     *
     * @param anonymous {@code auto}: clients without credentials may connect only when the node
     *                  listens on loopback alone; {@code on}: always; {@code off}: never
     * @param connectionsPerSecond new MQTT connections accepted per second per listener; 0 = no limit
     * @param failedAuthBurst failed authentications in a row per source address and per client id
     *                        before attempts are refused; 0 = no limit
     * @param failedAuthPerMinute how fast that allowance refills
     * @param hashThreads threads checking token hashes (Argon2id)
     * @param hashQueue checks that may wait for those threads; beyond it a connect is refused as unavailable
     * @param cacheSize verified credentials remembered, so that reconnects skip the slow hash
     */
    public record Auth(String anonymous, int connectionsPerSecond, int failedAuthBurst, int failedAuthPerMinute,
                       int hashThreads, int hashQueue, int cacheSize) {
        public static Auth defaults() {
            return new Auth("auto", 0, 10, 30, 2, 256, 100_000);
        }

        public Auth withAnonymous(String policy) {
            return new Auth(policy, connectionsPerSecond, failedAuthBurst, failedAuthPerMinute, hashThreads, hashQueue, cacheSize);
        }

        public Auth withFailedAuthLimit(int burst, int perMinute) {
            return new Auth(anonymous, connectionsPerSecond, burst, perMinute, hashThreads, hashQueue, cacheSize);
        }

        public Auth withConnectionsPerSecond(int perSecond) {
            return new Auth(anonymous, perSecond, failedAuthBurst, failedAuthPerMinute, hashThreads, hashQueue, cacheSize);
        }
    }

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 1883, Path.of("data"), "auto", 0, BrokerLimits.defaults(), Storage.defaults());
    }

    /**
     * The defaults with an ephemeral port and the given data directory: what tests start. It
     * listens on loopback only, so anonymous clients are let in (policy {@code auto}).
     */
    public static NodeConfig forTest(Path dataDir) {
        return new NodeConfig("127.0.0.1", 0, dataDir, "auto", 2, BrokerLimits.defaults(), Storage.defaults(), Auth.defaults());
    }

    public NodeConfig withLimits(BrokerLimits newLimits) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, newLimits, storage, auth);
    }

    public NodeConfig withStorage(Storage newStorage) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, newStorage, auth);
    }

    public NodeConfig withAuth(Auth newAuth) {
        return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, newAuth);
    }

    public NodeConfig withBindAddress(String address) {
        return new NodeConfig(address, mqttPort, dataDir, transport, ioThreads, limits, storage, auth);
    }
}
