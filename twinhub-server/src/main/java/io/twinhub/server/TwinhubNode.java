package io.twinhub.server;

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
import io.twinhub.mqtt.ListenerSecurity;
import io.twinhub.mqtt.MqttServer;
import io.twinhub.mqtt.MqttServerSettings;
import io.twinhub.store.Durability;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.server.config.ConfigException;
import io.twinhub.server.config.ConfigValidator;
import io.twinhub.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Optional;

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
    private final HubSecurity security;
    private final MqttServer mqtt;
    private String bootstrapAdminToken;

    /**
     * @throws ConfigException when the node would listen beyond loopback without a deliberate
     *                         anonymous policy (see {@link ConfigValidator#requireDeliberateAnonymous})
     */
    public TwinhubNode(NodeConfig config) {
        ConfigValidator.requireDeliberateAnonymous(config);
        this.config = config;
        this.store = openStore(config);
        this.broker = new Broker(config.limits(), store);
        CredentialStore credentials = store instanceof RocksBrokerStore rocks ? rocks.credentials() : new InMemoryCredentialStore();
        this.security = new HubSecurity(credentials, authSettings(config.auth()));
        this.mqtt = new MqttServer(broker, new MqttServerSettings(config.bindAddress(), config.mqttPort(),
                config.transport(), config.ioThreads(), CONNECT_TIMEOUT_SECONDS),
                new ListenerSecurity(security.authenticator(), config.auth().connectionsPerSecond()));
        if (AnonymousPolicy.parse(config.auth().anonymous()) == AnonymousPolicy.ON) {
            log.warn("anonymous access is on: any client that reaches {}:{} may connect without credentials",
                    config.bindAddress(), config.mqttPort());
        }
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
        return RocksBrokerStore.open(StoreSettings.defaults(config.dataDir()).withDurability(durability));
    }

    public void start() throws Exception {
        bootstrapAdminToken = security.adminTokens().bootstrap().orElse(null);
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

    @Override
    public void close() {
        mqtt.close();
        security.close();
        store.close();
    }
}
