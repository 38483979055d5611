package io.twinhub.server;

import io.twinhub.core.Broker;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.mqtt.MqttServer;
import io.twinhub.mqtt.MqttServerSettings;
import io.twinhub.mqtt.MqttTlsListener;
import io.twinhub.store.Durability;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.store.StoreSettings;
import io.twinhub.tls.ReloadingSslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

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

    public TwinhubNode(NodeConfig config) {
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

    public void start() throws Exception {
        mqtt.open();
        broker.recover(mqtt::nextLoop);
        mqtt.listen();
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
        mqtt.close();
        store.close();
        closeTls();
    }

    private void closeTls() {
        if (tlsContexts != null) {
            tlsContexts.close();
        }
    }
}
