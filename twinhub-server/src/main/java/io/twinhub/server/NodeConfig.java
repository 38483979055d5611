package io.twinhub.server;

import io.twinhub.core.BrokerLimits;
import io.twinhub.mqtt.MqttTlsListener;
import io.twinhub.telemetry.service.TelemetrySettings;
import io.twinhub.tls.ClientAuthMode;
import io.twinhub.tls.TlsSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
 * @param tls the TLS listeners' settings (off by default)
 * @param http the HTTP listener (REST API, health, metrics)
 * @param auth authentication and connection limits (see {@code docs/SECURITY.md})
 * @param presence device presence (see {@code docs/PRESENCE.md})
 * @param shadows device shadows (see {@code docs/SHADOWS.md})
 * @param telemetry device telemetry (see {@code docs/TELEMETRY.md})
 */
public record NodeConfig(
        String bindAddress,
        int mqttPort,
        Path dataDir,
        String transport,
        int ioThreads,
        BrokerLimits limits,
        Storage storage,
        Tls tls,
        Http http,
        Auth auth,
        Presence presence,
        Shadows shadows,
        Telemetry telemetry) {

    /** With the default telemetry settings. */
    public NodeConfig(String bindAddress, int mqttPort, Path dataDir, String transport, int ioThreads,
                      BrokerLimits limits, Storage storage, Tls tls, Http http, Auth auth, Presence presence,
                      Shadows shadows) {
        this(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, tls, http, auth, presence,
                shadows, Telemetry.defaults());
    }

    /** With the default shadow settings. */
    public NodeConfig(String bindAddress, int mqttPort, Path dataDir, String transport, int ioThreads,
                      BrokerLimits limits, Storage storage, Tls tls, Http http, Auth auth, Presence presence) {
        this(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, tls, http, auth, presence,
                Shadows.defaults());
    }

    /** Without TLS, default HTTP and authentication settings. */
    public NodeConfig(String bindAddress, int mqttPort, Path dataDir, String transport, int ioThreads,
                      BrokerLimits limits, Storage storage) {
        this(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, Tls.off(), Http.defaults(),
                Auth.defaults(), Presence.defaults());
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
     * TLS for MQTT (and, with the same certificate, for HTTPS). See {@code docs/TLS.md}.
     *
     * @param enabled whether the TLS listeners run
     * @param mqttPort MQTT over TLS; 0 picks a free port
     * @param httpsPort HTTPS, for the HTTP listener
     * @param certificate PEM certificate chain, server certificate first
     * @param privateKey PEM private key (PKCS#8; PKCS#1 RSA and SEC1 EC accepted)
     * @param ca PEM CA certificates that client certificates must chain to; {@code null} for none
     * @param clientAuth {@code none}, {@code optional} or {@code require}
     * @param reloadSeconds how often the files are checked for a renewed certificate; 0 = never
     * @param handshakeTimeoutSeconds how long a client may take to finish the TLS handshake
     */
    public record Tls(boolean enabled, int mqttPort, int httpsPort, Path certificate, Path privateKey, Path ca,
                      String clientAuth, int reloadSeconds, int handshakeTimeoutSeconds) {

        public static Tls off() {
            return new Tls(false, MqttTlsListener.DEFAULT_PORT, 8443, null, null, null, "none", 60,
                    MqttTlsListener.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        }

        /** TLS on with this certificate and key, other settings as given. */
        public Tls on(Path newCertificate, Path newPrivateKey) {
            return new Tls(true, mqttPort, httpsPort, newCertificate, newPrivateKey, ca, clientAuth, reloadSeconds,
                    handshakeTimeoutSeconds);
        }

        public Tls withMqttPort(int port) {
            return new Tls(enabled, port, httpsPort, certificate, privateKey, ca, clientAuth, reloadSeconds,
                    handshakeTimeoutSeconds);
        }

        public Tls withClientAuth(String mode, Path caFile) {
            return new Tls(enabled, mqttPort, httpsPort, certificate, privateKey, caFile, mode, reloadSeconds,
                    handshakeTimeoutSeconds);
        }

        public Tls withReloadSeconds(int seconds) {
            return new Tls(enabled, mqttPort, httpsPort, certificate, privateKey, ca, clientAuth, seconds,
                    handshakeTimeoutSeconds);
        }

        /**
         * The files and client-certificate policy as {@link TlsSettings}, without ALPN: each listener adds
         * its own ({@code h2, http/1.1} for HTTPS). Only meaningful when {@link #enabled()}.
         */
        public TlsSettings settings() {
            return new TlsSettings(certificate, privateKey, ca, ClientAuthMode.parse(clientAuth),
                    Duration.ofSeconds(reloadSeconds), List.of());
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

    /**
     * Device presence (contract §2).
     *
     * @param heartbeatWindowSeconds how long a heartbeat keeps a device without a connection online
     */
    public record Presence(int heartbeatWindowSeconds) {
        public static Presence defaults() {
            return new Presence(90);
        }

        public long heartbeatWindowMillis() {
            return heartbeatWindowSeconds * 1000L;
        }
    }

    /**
     * Device shadows (contract §3).
     *
     * @param maxStateBytes  largest desired + reported of one shadow, in bytes (413 beyond)
     * @param shards         single-writer threads for shadows; 0 = one per core
     * @param cachedShadows  shadow states kept in memory (the rest is read from the store)
     */
    public record Shadows(int maxStateBytes, int shards, int cachedShadows) {
        public static Shadows defaults() {
            return new Shadows(8192, 0, 100_000);
        }
    }

    /**
     * Device telemetry (contract §4; see {@code docs/TELEMETRY.md}).
     *
     * @param shards              single-writer threads that store telemetry; 0 = half the cores
     * @param bucket              time span of one stored chunk of a series
     * @param flushPoints         points buffered by a shard before they are written as chunks
     * @param flushInterval       longest time points stay buffered before they are written as chunks
     * @param maxQueuedBytes      payload bytes waiting to be stored before the node counts as congested
     * @param deviceRateLimit     payloads per second one device may send; 0 = no limit
     * @param maxPointsPerPayload most points in one payload
     * @param retention           how long points are kept; zero = for ever
     * @param maxQueryLimit       largest {@code limit} of a telemetry query
     */
    public record Telemetry(int shards, Duration bucket, int flushPoints, Duration flushInterval, long maxQueuedBytes,
                            int deviceRateLimit, int maxPointsPerPayload, Duration retention, int maxQueryLimit) {
        /** The service's own defaults, with the shards chosen at start. */
        public static Telemetry defaults() {
            TelemetrySettings s = TelemetrySettings.defaults();
            return new Telemetry(0, s.bucket(), s.flushPoints(), s.flushInterval(), s.maxQueuedBytes(),
                    s.deviceRateLimit(), s.maxPointsPerPayload(), s.retention(), s.maxQueryLimit());
        }

        public Telemetry withRetention(Duration newRetention) {
            return new Telemetry(shards, bucket, flushPoints, flushInterval, maxQueuedBytes, deviceRateLimit,
                    maxPointsPerPayload, newRetention, maxQueryLimit);
        }
    }

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 1883, Path.of("data"), "auto", 0, BrokerLimits.defaults(), Storage.defaults(),
                Tls.off(), Http.defaults(), Auth.defaults(), Presence.defaults());
    }

    /**
     * The defaults with ephemeral ports and the given data directory: what tests start. It
     * listens on loopback only, so anonymous clients are let in (policy {@code auto}).
     */
    public static NodeConfig forTest(Path dataDir) {
        return new NodeConfig("127.0.0.1", 0, dataDir, "auto", 2, BrokerLimits.defaults(), Storage.defaults(),
                Tls.off(), Http.defaults().withPort(0), Auth.defaults(), Presence.defaults());
    }

    public NodeConfig withLimits(BrokerLimits newLimits) {
        return edit(e -> e.limits = newLimits);
    }

    public NodeConfig withStorage(Storage newStorage) {
        return edit(e -> e.storage = newStorage);
    }

    public NodeConfig withTls(Tls newTls) {
        return edit(e -> e.tls = newTls);
    }

    public NodeConfig withHttp(Http newHttp) {
        return edit(e -> e.http = newHttp);
    }

    public NodeConfig withAuth(Auth newAuth) {
        return edit(e -> e.auth = newAuth);
    }

    public NodeConfig withBindAddress(String address) {
        return edit(e -> e.bindAddress = address);
    }

    public NodeConfig withPresence(Presence newPresence) {
        return edit(e -> e.presence = newPresence);
    }

    public NodeConfig withShadows(Shadows newShadows) {
        return edit(e -> e.shadows = newShadows);
    }

    public NodeConfig withTelemetry(Telemetry newTelemetry) {
        return edit(e -> e.telemetry = newTelemetry);
    }

    private NodeConfig edit(Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return e.build();
    }

    /** A config's components while one is replaced: the one place that lists them all for the {@code with…} methods. */
    private static final class Editor {
        String bindAddress;
        int mqttPort;
        Path dataDir;
        String transport;
        int ioThreads;
        BrokerLimits limits;
        Storage storage;
        Tls tls;
        Http http;
        Auth auth;
        Presence presence;
        Shadows shadows;
        Telemetry telemetry;

        Editor(NodeConfig c) {
            bindAddress = c.bindAddress;
            mqttPort = c.mqttPort;
            dataDir = c.dataDir;
            transport = c.transport;
            ioThreads = c.ioThreads;
            limits = c.limits;
            storage = c.storage;
            tls = c.tls;
            http = c.http;
            auth = c.auth;
            presence = c.presence;
            shadows = c.shadows;
            telemetry = c.telemetry;
        }

        NodeConfig build() {
            return new NodeConfig(bindAddress, mqttPort, dataDir, transport, ioThreads, limits, storage, tls, http, auth,
                    presence, shadows, telemetry);
        }
    }
}
