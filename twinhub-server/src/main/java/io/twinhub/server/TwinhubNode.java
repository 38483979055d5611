package io.twinhub.server;

import io.netty.handler.ssl.SslContext;
import io.twinhub.auth.AnonymousPolicy;
import io.twinhub.auth.AuthSettings;
import io.twinhub.auth.HubSecurity;
import io.twinhub.auth.SecretHasher;
import io.twinhub.core.Broker;
import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.auth.InMemoryCredentialStore;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.auth.AuthMetrics;
import io.twinhub.http.ApiServices;
import io.twinhub.http.CounterFamily;
import io.twinhub.http.HealthCheck;
import io.twinhub.http.HttpServer;
import io.twinhub.http.HttpServerSettings;
import io.twinhub.http.TelemetryEndpoints;
import io.twinhub.mqtt.ListenerSecurity;
import io.twinhub.mqtt.MqttServer;
import io.twinhub.mqtt.MqttServerSettings;
import io.twinhub.mqtt.MqttTlsListener;
import io.twinhub.server.config.ConfigException;
import io.twinhub.server.config.ConfigValidator;
import io.twinhub.store.Durability;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.store.StoreSettings;
import io.twinhub.telemetry.service.TelemetryService;
import io.twinhub.telemetry.service.TelemetrySettings;
import io.twinhub.tls.ReloadingSslContext;
import io.twinhub.tls.TlsSettings;
import io.twinhub.twin.model.ShadowLimits;
import io.twinhub.twin.service.ShadowMetrics;
import io.twinhub.twin.service.ShadowSettings;
import io.twinhub.twin.service.ShardedShadowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One twinhub node, wired by hand: the broker's domain, its stores, its security and its
 * listeners. The only place that knows every module.
 */
public final class TwinhubNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TwinhubNode.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final NodeConfig config;
    private final ReloadingSslContext tlsContexts;
    private final BrokerStore store;
    private final Broker broker;
    private final ShardedShadowService shadows;
    private final TelemetryService telemetry;
    /** Runs the store's telemetry retention; null unless the store is RocksDB. */
    private ScheduledExecutorService retentionTimer;
    private final HubSecurity security;
    private final MqttServer mqtt;
    private final DeviceServices deviceServices;
    private final Supplier<SslContext> httpTls;
    private HttpServer http;
    /** HTTPS on the TLS port, with the TLS listeners' certificate; null when TLS is off. */
    private HttpServer https;
    private ReloadingSslContext httpsContexts;
    private volatile boolean mqttListening;
    private String bootstrapAdminToken;

    /**
     * @throws ConfigException when the node would listen beyond loopback without a deliberate
     *                         anonymous policy (see {@link ConfigValidator#requireDeliberateAnonymous})
     */
    public TwinhubNode(NodeConfig config) {
        this(config, null, null);
    }

    /**
     * @param apiServices builds what the HTTP API uses once the store is open; null: the node's own
     *                    registry, authenticator and presence
     * @param httpTls TLS for the plain HTTP listener (h2 by ALPN), or null for plain HTTP (h2c)
     */
    public TwinhubNode(NodeConfig config, DeviceServices.Factory apiServices, Supplier<SslContext> httpTls) {
        ConfigValidator.requireDeliberateAnonymous(config);
        this.config = config;
        // TLS files first: a bad certificate should stop the start before the store is locked.
        this.tlsContexts = config.tls().enabled() ? ReloadingSslContext.start(config.tls().settings()) : null;
        try {
            this.store = openStore(config);
        } catch (RuntimeException e) {
            closeTls();
            throw e;
        }
        this.broker = new Broker(config.limits(), store, config.presence().heartbeatWindowMillis());
        this.shadows = new ShardedShadowService(store, broker.router(), shadowSettings(config.shadows()),
                broker::nowMillis);
        broker.answerRequests(shadows);
        this.telemetry = new TelemetryService(store, broker.router(), telemetrySettings(config.telemetry()), broker::nowMillis);
        broker.ingestTelemetry(telemetry);
        CredentialStore credentials = store instanceof RocksBrokerStore rocks ? rocks.credentials() : new InMemoryCredentialStore();
        this.security = new HubSecurity(credentials, authSettings(config.auth()));
        MqttServerSettings mqttSettings = new MqttServerSettings(config.bindAddress(), config.mqttPort(),
                config.transport(), config.ioThreads(), CONNECT_TIMEOUT_SECONDS);
        if (tlsContexts != null) {
            mqttSettings = mqttSettings.withTls(new MqttTlsListener(config.tls().mqttPort(), tlsContexts,
                    config.tls().handshakeTimeoutSeconds()));
        }
        this.mqtt = new MqttServer(broker, mqttSettings,
                new ListenerSecurity(security.authenticator(), config.auth().connectionsPerSecond()));
        this.deviceServices = apiServices != null ? apiServices.create(config, store)
                : new DeviceServices(security.authenticator(), security.devices(), broker.presence(), broker.presence());
        this.httpTls = httpTls;
        if (AnonymousPolicy.parse(config.auth().anonymous()) == AnonymousPolicy.ON) {
            log.warn("anonymous access is on: any client that reaches {}:{} may connect without credentials",
                    config.bindAddress(), config.mqttPort());
        }
    }

    private static ShadowSettings shadowSettings(NodeConfig.Shadows s) {
        int shards = s.shards() > 0 ? s.shards() : Math.max(1, Runtime.getRuntime().availableProcessors());
        return new ShadowSettings(new ShadowLimits(s.maxStateBytes(), ShadowLimits.DEFAULT.maxDepth(),
                ShadowLimits.DEFAULT.maxClientTokenBytes()), shards, Math.max(s.cachedShadows(), shards));
    }

    private static TelemetrySettings telemetrySettings(NodeConfig.Telemetry t) {
        int shards = t.shards() > 0 ? t.shards() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new TelemetrySettings(shards, t.bucket(), t.flushPoints(), t.flushInterval(), t.maxQueuedBytes(),
                t.deviceRateLimit(), t.maxPointsPerPayload(), t.retention(), t.maxQueryLimit());
    }

    private static AuthSettings authSettings(NodeConfig.Auth a) {
        return new AuthSettings(AnonymousPolicy.parse(a.anonymous()), a.hashThreads(), a.hashQueue(), a.cacheSize(),
                a.failedAuthBurst(), a.failedAuthPerMinute(), SecretHasher.Params.DEFAULT);
    }

    /** Opens the configured store; a durable one takes the data directory's lock. */
    private static BrokerStore openStore(NodeConfig config) {
        if (config.storage().engine().equals("memory")) {
            log.warn("storage engine 'memory': nothing survives a restart");
            return new MemoryStore();
        }
        Durability durability = Durability.parse(config.storage().durability());
        if (durability == Durability.NONE) {
            log.warn("durability 'none': acknowledged messages are not synced to disk and a crash can lose them;"
                    + " use it for benchmarks only");
        }
        return RocksBrokerStore.open(StoreSettings.defaults(config.dataDir()).withDurability(durability)
                .withTelemetryRetention(config.telemetry().retention()));
    }

    /** Recovers the broker's state, then listens: MQTT first, then HTTP (which shares MQTT's event loops). */
    public void start() throws Exception {
        bootstrapAdminToken = security.adminTokens().bootstrap().orElse(null);
        mqtt.open();
        broker.recover(mqtt::nextLoop);
        // Before any listener: points acknowledged before a stop are replayed from the ingest log first.
        telemetry.start();
        scheduleRetention();
        try {
            mqtt.listen();
        } catch (Exception e) {
            throw new ListenerException("tcp", config.mqttPort(), "--mqtt-port", e);
        }
        mqttListening = true;
        if (config.http().enabled()) {
            http = new HttpServer(httpSettings(config, config.http().port()), apiServices(), httpTls,
                    new HttpServer.Loops(mqtt.eventLoops(), mqtt.serverChannelType()));
            try {
                http.start();
            } catch (Exception e) {
                throw new ListenerException(httpTls != null ? "https" : "http", config.http().port(), "--http-port", e);
            }
            if (tlsContexts != null) {
                startHttps();
            }
        }
    }

    /**
     * Space of expired telemetry is reclaimed by the RocksDB store's own compaction; this asks it
     * every minute to drop what the retention has passed, so that it goes even on a quiet node.
     */
    private void scheduleRetention() {
        if (config.telemetry().retention().isZero() || !(store instanceof RocksBrokerStore rocks)) {
            return;
        }
        retentionTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("twinhub-telemetry-retention").daemon(true).factory());
        retentionTimer.scheduleWithFixedDelay(() -> {
            try {
                rocks.applyTelemetryRetention();
            } catch (RuntimeException e) {
                log.warn("telemetry retention failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /** The HTTP API over TLS on the TLS section's HTTPS port: same certificate, ALPN h2 or http/1.1. */
    private void startHttps() throws ListenerException {
        httpsContexts = ReloadingSslContext.start(config.tls().settings().withAlpn(TlsSettings.ALPN_HTTP));
        https = new HttpServer(httpSettings(config, config.tls().httpsPort()), apiServices(), httpsContexts,
                new HttpServer.Loops(mqtt.eventLoops(), mqtt.serverChannelType()));
        try {
            https.start();
        } catch (Exception e) {
            throw new ListenerException("https", config.tls().httpsPort(), "tls.httpsPort", e);
        }
    }

    private ApiServices apiServices() {
        HealthCheck storeWritable = () -> store.isWritable() ? Optional.empty() : Optional.of("refusing writes");
        HealthCheck mqttUp = () -> mqttListening ? Optional.empty() : Optional.of("not listening");
        return new ApiServices(deviceServices.authenticator(), deviceServices.registry(), deviceServices.presence(),
                deviceServices.heartbeats(), broker.metrics(), Map.of("mqtt", mqttUp, "store", storeWritable),
                storeWritable, counters()).withShadows(shadows)
                .withTelemetry(new TelemetryEndpoints(telemetry, telemetry, config.telemetry().maxQueryLimit(),
                        telemetry.metrics()));
    }

    /** Security, listener and store counters for {@code /metrics}, next to the broker's own. */
    private List<CounterFamily> counters() {
        List<CounterFamily> all = new ArrayList<>(securityAndShadowCounters());
        if (store instanceof RocksBrokerStore rocks) {
            all.addAll(storeCounters(rocks));
        }
        return all;
    }

    /**
     * The group commit: write groups per round and per sync tell how well writes are batched
     * (groups / syncs is the average number of groups one fsync made durable).
     */
    private static List<CounterFamily> storeCounters(RocksBrokerStore rocks) {
        return List.of(
                new CounterFamily("twinhub_store_write_groups_total",
                        "Write groups handed to the store, by outcome (rejected: queue full or store closed)",
                        "result", Map.of(
                                "committed", () -> rocks.stats().groupsCommitted(),
                                "failed", () -> rocks.stats().groupsFailed(),
                                "rejected", () -> rocks.stats().groupsRejected())),
                CounterFamily.single("twinhub_store_write_rounds_total",
                        "Write rounds of the store's writer (each writes every group waiting)", () -> rocks.stats().writes()),
                CounterFamily.single("twinhub_store_syncs_total",
                        "Write-ahead log syncs (fsync)", () -> rocks.stats().syncs()));
    }

    private List<CounterFamily> securityAndShadowCounters() {
        AuthMetrics auth = security.authenticator().metrics();
        return List.of(
                new CounterFamily("twinhub_auth_attempts_total", "Authentication attempts (MQTT and HTTP), by result",
                        "result", Map.of(
                                "accepted", auth::accepted,
                                "failed", auth::failed,
                                "rate_limited", auth::rateLimited,
                                "busy", auth::busy,
                                "anonymous_refused", auth::anonymousRefused)),
                CounterFamily.single("twinhub_auth_cache_hits_total",
                        "Authentications answered from the cache of verified credentials", auth::cacheHits),
                CounterFamily.single("twinhub_auth_hash_checks_total",
                        "Token hash checks (Argon2id) run on the hash threads", auth::slowChecks),
                CounterFamily.single("twinhub_mqtt_connections_over_rate_total",
                        "MQTT connections closed at once for exceeding the listener's connection rate",
                        mqtt::connectionsOverRate),
                CounterFamily.single("twinhub_tls_handshake_failures_total",
                        "Failed TLS handshakes on the MQTT listener", mqtt::tlsHandshakeFailures),
                shadowAnswers(shadows.metrics()),
                CounterFamily.single("twinhub_shadow_updates_accepted_total",
                        "Shadow updates accepted (durable)", shadows.metrics().updatesAccepted::sum),
                CounterFamily.single("twinhub_shadow_deltas_published_total",
                        "Shadow updates that published a delta", shadows.metrics().deltasPublished::sum),
                CounterFamily.single("twinhub_shadow_latency_microseconds_total",
                        "Sum of shadow request latencies, arrival to answer (divide by the answers' total for the mean)",
                        shadows.metrics()::latencyMicrosTotal),
                shadowLatency(shadows.metrics()),
                CounterFamily.single("twinhub_requests_refused_total",
                        "Shadow requests refused with 429: too many in flight on one MQTT connection",
                        broker.metrics().requestsRefused::sum));
    }

    private static CounterFamily shadowAnswers(ShadowMetrics m) {
        Map<String, LongSupplier> byCode = new LinkedHashMap<>();
        m.answersByCode().keySet().forEach(code -> byCode.put(code, () -> m.answersByCode().get(code)));
        return new CounterFamily("twinhub_shadow_answers_total",
                "Shadow requests answered (REST and MQTT), by code: 200 accepted, else the rejection's", "code", byCode);
    }

    private static CounterFamily shadowLatency(ShadowMetrics m) {
        Map<String, LongSupplier> atMost = new LinkedHashMap<>();
        m.latencyAtMost().keySet().forEach(le -> atMost.put(le, () -> m.latencyAtMost().get(le)));
        return new CounterFamily("twinhub_shadow_answers_within_total",
                "Shadow requests answered within a latency bound (seconds), cumulative", "le", atMost);
    }

    private static HttpServerSettings httpSettings(NodeConfig config, int port) {
        NodeConfig.Http h = config.http();
        return HttpServerSettings.defaults(config.bindAddress(), port)
                .withMaxBodyBytes(h.maxBodyBytes())
                .withTimeouts(Duration.ofSeconds(h.readTimeoutSeconds()), Duration.ofSeconds(h.idleTimeoutSeconds()))
                .withWorkers(h.workerThreads(), HttpServerSettings.DEFAULT_WORK_QUEUE)
                .withMetricsNeedToken(h.metricsRequireToken());
    }

    public InetSocketAddress mqttAddress() {
        return mqtt.localAddress();
    }

    /** The MQTT-over-TLS listener's address, or {@code null} when TLS is off. */
    public InetSocketAddress mqttsAddress() {
        return mqtt.tlsLocalAddress();
    }

    /**
     * The server's TLS contexts (the MQTT listener's, without ALPN), or {@code null} when TLS is off.
     * Also tells how many certificate reloads happened.
     */
    public ReloadingSslContext tlsContexts() {
        return tlsContexts;
    }

    /** TLS handshakes that failed on the MQTT listener. */
    public long tlsHandshakeFailures() {
        return mqtt.tlsHandshakeFailures();
    }

    /** Where the HTTP listener is, or empty when it is disabled (or not started yet). */
    public Optional<InetSocketAddress> httpAddress() {
        return http != null && http.isListening() ? Optional.of(http.localAddress()) : Optional.empty();
    }

    /** Where the HTTPS listener is, or empty when TLS is off. */
    public Optional<InetSocketAddress> httpsAddress() {
        return https != null && https.isListening() ? Optional.of(https.localAddress()) : Optional.empty();
    }

    /** What the HTTP API uses: authenticator, registry, presence. */
    public DeviceServices deviceServices() {
        return deviceServices;
    }

    /** The device registry (durable with the rocksdb engine). Its methods block: not on an event loop. */
    public DeviceRegistry devices() {
        return security.devices();
    }

    /** Device registry, application credentials, admin tokens and the authenticator. */
    public HubSecurity security() {
        return security;
    }

    /**
     * The admin token created by this start because the node had none (its first start), in
     * clear: shown once, never stored. Empty on later starts.
     */
    public Optional<String> bootstrapAdminToken() {
        return Optional.ofNullable(bootstrapAdminToken);
    }

    /** MQTT connections closed at once for exceeding {@code auth.connectionsPerSecond}. */
    public long mqttConnectionsOverRate() {
        return mqtt.connectionsOverRate();
    }

    public String transportName() {
        return mqtt.transportName();
    }

    public NodeConfig config() {
        return config;
    }

    public Broker broker() {
        return broker;
    }

    /** Device telemetry (REST side; MQTT telemetry reaches it through the broker). */
    public TelemetryService telemetry() {
        return telemetry;
    }

    /** Device shadows (REST side; MQTT requests reach it through the broker). */
    public ShardedShadowService shadows() {
        return shadows;
    }

    @Override
    public void close() {
        mqttListening = false;
        if (https != null) {
            https.close();
        }
        if (http != null) {
            http.close();
        }
        mqtt.close();
        shadows.close();
        if (retentionTimer != null) {
            retentionTimer.shutdownNow();
        }
        // After the listeners (nothing new arrives) and before the store it writes to.
        telemetry.close();
        broker.close();
        security.close();
        store.close();
        closeTls();
    }

    private void closeTls() {
        if (tlsContexts != null) {
            tlsContexts.close();
        }
        if (httpsContexts != null) {
            httpsContexts.close();
        }
    }
}
