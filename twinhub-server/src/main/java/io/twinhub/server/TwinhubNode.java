package io.twinhub.server;

import io.netty.handler.ssl.SslContext;
import io.twinhub.core.Broker;
import io.twinhub.http.ApiServices;
import io.twinhub.http.HealthCheck;
import io.twinhub.http.HttpServer;
import io.twinhub.http.HttpServerSettings;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.mqtt.MqttServer;
import io.twinhub.mqtt.MqttServerSettings;
import io.twinhub.mqtt.MqttTlsListener;
import io.twinhub.store.Durability;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.store.StoreSettings;
import io.twinhub.tls.ReloadingSslContext;
import io.twinhub.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One twinhub node, wired by hand: the broker's domain, its stores and its listeners. The only
 * place that knows every module.
 */
public final class TwinhubNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TwinhubNode.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final NodeConfig config;
    private final BrokerStore store;
    private final Broker broker;
    private final MqttServer mqtt;
    private final ReloadingSslContext tlsContexts;
    private final DeviceServices devices;
    private final Supplier<SslContext> httpTls;
    private HttpServer http;
    /** HTTPS on the TLS port, with the TLS listeners' certificate; null when TLS is off. */
    private HttpServer https;
    private ReloadingSslContext httpsContexts;
    private volatile boolean mqttListening;

    /** A node without a device registry or credential store: see {@link DeviceServices#UNCONFIGURED}. */
    public TwinhubNode(NodeConfig config) {
        this(config, DeviceServices.UNCONFIGURED, null);
    }

    /**
     * @param devices builds the registry, authenticator and presence once the store is open
     * @param httpTls TLS for the HTTP listener (h2 by ALPN), or null for plain HTTP (h2c)
     */
    public TwinhubNode(NodeConfig config, DeviceServices.Factory devices, Supplier<SslContext> httpTls) {
        this.config = config;
        // TLS files first: a bad certificate should stop the start before the store is locked.
        this.tlsContexts = config.tls().enabled() ? ReloadingSslContext.start(config.tls().settings()) : null;
        try {
            this.store = openStore(config);
        } catch (RuntimeException e) {
            closeTls();
            throw e;
        }
        this.broker = new Broker(config.limits(), store);
        MqttServerSettings mqttSettings = new MqttServerSettings(config.bindAddress(), config.mqttPort(),
                config.transport(), config.ioThreads(), CONNECT_TIMEOUT_SECONDS);
        if (tlsContexts != null) {
            mqttSettings = mqttSettings.withTls(new MqttTlsListener(config.tls().mqttPort(), tlsContexts,
                    config.tls().handshakeTimeoutSeconds()));
        }
        this.mqtt = new MqttServer(broker, mqttSettings);
        this.devices = devices.create(config, store);
        this.httpTls = httpTls;
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
        return RocksBrokerStore.open(StoreSettings.defaults(config.dataDir()).withDurability(durability));
    }

    /** Recovers the broker's state, then listens: MQTT first, then HTTP (which shares MQTT's event loops). */
    public void start() throws Exception {
        mqtt.open();
        broker.recover(mqtt::nextLoop);
        try {
            mqtt.listen();
        } catch (Exception e) {
            throw new ListenerException("tcp", config.mqttPort(), "--mqtt-port", e);
        }
        mqttListening = true;
        if (config.http().enabled()) {
            http = new HttpServer(httpSettings(config), apiServices(), httpTls,
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

    /** The HTTP API over TLS on the TLS section's HTTPS port: same certificate, ALPN h2 or http/1.1. */
    private void startHttps() throws ListenerException {
        httpsContexts = ReloadingSslContext.start(config.tls().settings().withAlpn(TlsSettings.ALPN_HTTP));
        https = new HttpServer(HttpServerSettings.defaults(config.bindAddress(), config.tls().httpsPort())
                .withMaxBodyBytes(config.http().maxBodyBytes())
                .withTimeouts(Duration.ofSeconds(config.http().readTimeoutSeconds()),
                        Duration.ofSeconds(config.http().idleTimeoutSeconds()))
                .withWorkers(config.http().workerThreads(), HttpServerSettings.DEFAULT_WORK_QUEUE)
                .withMetricsNeedToken(config.http().metricsRequireToken()),
                apiServices(), httpsContexts, new HttpServer.Loops(mqtt.eventLoops(), mqtt.serverChannelType()));
        try {
            https.start();
        } catch (Exception e) {
            throw new ListenerException("https", config.tls().httpsPort(), "tls.httpsPort", e);
        }
    }

    private ApiServices apiServices() {
        HealthCheck storeWritable = () -> store.isWritable() ? Optional.empty() : Optional.of("refusing writes");
        HealthCheck mqttUp = () -> mqttListening ? Optional.empty() : Optional.of("not listening");
        return new ApiServices(devices.authenticator(), devices.registry(), devices.presence(), devices.heartbeats(),
                broker.metrics(), Map.of("mqtt", mqttUp, "store", storeWritable), storeWritable);
    }

    private static HttpServerSettings httpSettings(NodeConfig config) {
        NodeConfig.Http h = config.http();
        return HttpServerSettings.defaults(config.bindAddress(), h.port())
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

    /** Where the HTTPS listener is, or empty when TLS is off. */
    public Optional<InetSocketAddress> httpsAddress() {
        return https != null && https.isListening() ? Optional.of(https.localAddress()) : Optional.empty();
    }

    /** Where the HTTP listener is, or empty when it is disabled (or not started yet). */
    public Optional<InetSocketAddress> httpAddress() {
        return http != null && http.isListening() ? Optional.of(http.localAddress()) : Optional.empty();
    }

    public DeviceServices devices() {
        return devices;
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
