package io.twinhub.server.config;

import io.twinhub.core.BrokerLimits;
import io.twinhub.server.NodeConfig;

import java.time.Duration;
import java.util.List;

/** Checks a merged {@link NodeConfig}; the first problem found becomes a {@link ConfigException}. */
public final class ConfigValidator {

    /** Accepted values of {@code transport}. */
    public static final List<String> TRANSPORTS = List.of("auto", "epoll", "io_uring", "nio");

    /** Accepted values of {@code storage.engine} and {@code storage.durability}. */
    public static final List<String> ENGINES = List.of("rocksdb", "memory");
    public static final List<String> DURABILITIES = List.of("sync", "batch", "none");

    /** Accepted values of {@code auth.anonymous}. */
    public static final List<String> ANONYMOUS = List.of("auto", "on", "off");

    /** Largest packet MQTT can express: the remaining length is at most 268,435,455 bytes. */
    static final int MQTT_MAX_PACKET = 268_435_455;
    static final int UINT16_MAX = 65_535;
    static final long UINT32_MAX = 4_294_967_295L;

    private ConfigValidator() {
    }

    public static NodeConfig validate(NodeConfig c) {
        if (c.bindAddress() == null || c.bindAddress().isBlank()) {
            throw new ConfigException("bind (--bind) must be an address or host name, got an empty value");
        }
        range("mqtt.port (--mqtt-port)", c.mqttPort(), 0, UINT16_MAX);
        if (!TRANSPORTS.contains(c.transport())) {
            throw new ConfigException("transport (--transport) must be one of " + String.join(", ", TRANSPORTS)
                    + ", got '" + c.transport() + "'");
        }
        range("ioThreads (--io-threads)", c.ioThreads(), 0, 4096);
        limits(c.limits());
        oneOf("storage.engine (--storage)", c.storage().engine(), ENGINES);
        oneOf("storage.durability (--durability)", c.storage().durability(), DURABILITIES);
        tls(c);
        http(c);
        auth(c.auth());
        range("presence.heartbeatWindowSeconds", c.presence().heartbeatWindowSeconds(), 1, 86_400);
        range("shadows.maxStateBytes", c.shadows().maxStateBytes(), 64, 1 << 20);
        range("shadows.shards", c.shadows().shards(), 0, 256);
        range("shadows.cachedShadows", c.shadows().cachedShadows(), 1_000, 100_000_000);
        telemetry(c.telemetry());
        return c;
    }

    private static void telemetry(NodeConfig.Telemetry t) {
        range("telemetry.shards", t.shards(), 0, 256);
        range("telemetry.bucket", t.bucket(), Duration.ofMinutes(1), Duration.ofDays(7));
        range("telemetry.flushPoints", t.flushPoints(), 1, 100_000_000);
        range("telemetry.flushInterval", t.flushInterval(), Duration.ofMillis(10), Duration.ofHours(1));
        range("telemetry.maxQueuedBytes", t.maxQueuedBytes(), 1024 * 1024, 1L << 40);
        range("telemetry.deviceRateLimit", t.deviceRateLimit(), 0, 1_000_000);
        range("telemetry.maxPointsPerPayload", t.maxPointsPerPayload(), 1, 1_000_000);
        if (!t.retention().isZero()) {
            // Zero keeps points for ever; otherwise at least one bucket, since whole chunks expire.
            range("telemetry.retention (0 = for ever)", t.retention(), t.bucket(), Duration.ofDays(36_500));
        }
        range("telemetry.maxQueryLimit", t.maxQueryLimit(), 1, 1_000_000);
    }

    private static void range(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(key + " must be between " + ConfigDurations.format(min) + " and "
                    + ConfigDurations.format(max) + ", got " + ConfigDurations.format(value));
        }
    }

    /** Accepted values of {@code tls.clientAuth}. */
    public static final List<String> CLIENT_AUTH = List.of("none", "optional", "require");

    private static void tls(NodeConfig c) {
        NodeConfig.Tls t = c.tls();
        range("tls.mqttPort (--mqtts-port)", t.mqttPort(), 0, UINT16_MAX);
        range("tls.httpsPort", t.httpsPort(), 0, UINT16_MAX);
        range("tls.reloadSeconds", t.reloadSeconds(), 0, 86_400);
        range("tls.handshakeTimeoutSeconds", t.handshakeTimeoutSeconds(), 1, 3_600);
        oneOf("tls.clientAuth (--tls-client-auth)", t.clientAuth(), CLIENT_AUTH);
        if (!t.enabled()) {
            return;
        }
        if (t.certificate() == null || t.privateKey() == null) {
            throw new ConfigException("tls is enabled but " + (t.certificate() == null ? "tls.cert (--tls-cert)" : "tls.key (--tls-key)")
                    + " is not set; give the server's PEM certificate and private key");
        }
        if (!t.clientAuth().equals("none") && t.ca() == null) {
            throw new ConfigException("tls.clientAuth '" + t.clientAuth() + "' needs tls.ca (--tls-ca):"
                    + " the CA certificate(s) that client certificates must be signed by");
        }
        if (t.mqttPort() != 0 && t.mqttPort() == c.mqttPort()) {
            throw new ConfigException("tls.mqttPort (--mqtts-port) and mqtt.port (--mqtt-port) are both " + t.mqttPort()
                    + "; the TLS listener needs a port of its own");
        }
    }

    /** Largest request body that may be configured: bodies are held in memory whole. */
    static final int HTTP_MAX_BODY = 256 * 1024 * 1024;

    private static void http(NodeConfig c) {
        NodeConfig.Http h = c.http();
        range("http.port (--http-port)", h.port(), 0, UINT16_MAX);
        if (h.enabled() && h.port() != 0 && h.port() == c.mqttPort()) {
            throw new ConfigException("http.port (--http-port) and mqtt.port (--mqtt-port) are both " + h.port()
                    + "; the HTTP and MQTT listeners need different ports");
        }
        range("http.maxBodyBytes", h.maxBodyBytes(), 1, HTTP_MAX_BODY);
        range("http.readTimeoutSeconds", h.readTimeoutSeconds(), 1, 3600);
        range("http.idleTimeoutSeconds", h.idleTimeoutSeconds(), 1, 86_400);
        range("http.workerThreads", h.workerThreads(), 0, 1024);
    }

    private static void auth(NodeConfig.Auth a) {
        oneOf("auth.anonymous (--anonymous)", a.anonymous(), ANONYMOUS);
        range("auth.connectionsPerSecond (--connection-rate)", a.connectionsPerSecond(), 0, 1_000_000_000);
        range("auth.failedAuthBurst", a.failedAuthBurst(), 0, 1_000_000);
        range("auth.failedAuthPerMinute", a.failedAuthPerMinute(), 1, 1_000_000);
        range("auth.hashThreads", a.hashThreads(), 1, 256);
        range("auth.hashQueue", a.hashQueue(), 1, 1_000_000);
        range("auth.cacheSize", a.cacheSize(), 0, 100_000_000);
    }

    /**
     * A node that listens beyond this machine must say whether anonymous clients are welcome:
     * {@code auto} would silently mean "no" there, and an operator who widened {@code bind} to
     * reach a broker from the network may not expect that (or, with {@code on}, may not want
     * an open broker). Host names that do not resolve are left to the bind to report.
     */
    public static void requireDeliberateAnonymous(NodeConfig c) {
        if (!c.auth().anonymous().equals("auto")) {
            return;
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(c.bindAddress()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return;
        }
        if (!loopback) {
            throw new ConfigException("bind address " + c.bindAddress() + " is reachable from other machines and"
                    + " auth.anonymous is 'auto': choose who may connect: --anonymous off (every client needs"
                    + " credentials; see docs/SECURITY.md) or --anonymous on (an open broker: anyone who can reach"
                    + " the port may connect without credentials), or bind to 127.0.0.1");
        }
    }

    private static void oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
    }

    private static void limits(BrokerLimits l) {
        range("limits.maxPacketSize (--max-packet-size)", l.maxPacketSize(), 16, MQTT_MAX_PACKET);
        range("limits.maxTopicLength", l.maxTopicLength(), 1, UINT16_MAX);
        range("limits.maxTopicLevels", l.maxTopicLevels(), 1, UINT16_MAX);
        range("limits.receiveMaximum (--receive-maximum)", l.receiveMaximum(), 1, UINT16_MAX);
        range("limits.maxInflight (--max-inflight)", l.maxInflight(), 1, UINT16_MAX);
        range("limits.maxQueuedMessages (--max-queued-messages)", l.maxQueuedMessages(), 0, Integer.MAX_VALUE);
        range("limits.maxConnections (--max-connections)", l.maxConnections(), 1, Integer.MAX_VALUE);
        range("limits.maxSessionExpirySeconds (--max-session-expiry)", l.maxSessionExpirySeconds(), 0, UINT32_MAX);
        range("limits.serverKeepAliveSeconds (--server-keep-alive)", l.serverKeepAliveSeconds(), 0, UINT16_MAX);
        range("limits.topicAliasMaximum", l.topicAliasMaximum(), 0, UINT16_MAX);
        range("limits.maxClientIdLength", l.maxClientIdLength(), 1, UINT16_MAX);
        range("limits.maxSubscriptionsPerClient", l.maxSubscriptionsPerClient(), 1, Integer.MAX_VALUE);
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
