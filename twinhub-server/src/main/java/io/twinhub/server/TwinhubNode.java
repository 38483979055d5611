package io.twinhub.server;

import io.twinhub.core.Broker;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.mqtt.MqttServer;
import io.twinhub.mqtt.MqttServerSettings;
import io.twinhub.store.Durability;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.store.StoreSettings;
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

    public TwinhubNode(NodeConfig config) {
        this.config = config;
        this.store = openStore(config);
        this.broker = new Broker(config.limits(), store);
        this.mqtt = new MqttServer(broker, new MqttServerSettings(config.bindAddress(), config.mqttPort(),
                config.transport(), config.ioThreads(), CONNECT_TIMEOUT_SECONDS));
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
    }
}
