package io.twinhub.it.v5;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the MQTT 5 tests: client builders, bounded waits, and cleanup. */
final class Clients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    /** How long to listen when asserting that nothing (more) arrives. */
    static final Duration QUIET = Duration.ofMillis(400);

    private final RunningNode node;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    Clients(RunningNode node) {
        this.node = node;
    }

    // ------------------------------------------------------------------ HiveMQ

    Mqtt5ClientBuilder hiveBuilder(String id) {
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5()
                .serverHost(node.host()).serverPort(node.port());
        return id == null ? b : b.identifier(id);
    }

    /** A HiveMQ client, not connected yet; disconnected (if still connected) at close. */
    Mqtt5BlockingClient hive(String id) {
        return track(hiveBuilder(id).buildBlocking());
    }

    Mqtt5BlockingClient track(Mqtt5BlockingClient c) {
        open.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    /** A connected HiveMQ client with clean start and no session expiry. */
    Mqtt5BlockingClient hiveConnected(String id) {
        Mqtt5BlockingClient c = hive(id);
        c.connect();
        return c;
    }

    /** A connected HiveMQ client subscribed (QoS 1) to {@code filter}, with its publish stream. */
    Subscriber hiveSubscriber(String id, String filter) {
        Mqtt5BlockingClient c = hive(id);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL);
        open.add(publishes::close);
        c.connect();
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return new Subscriber(c, publishes);
    }

    /** Publish stream opened before connect, so that messages sent right after CONNACK are caught. */
    Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient c) {
        Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL);
        open.add(publishes::close);
        return publishes;
    }

    record Subscriber(Mqtt5BlockingClient client, Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        Mqtt5Publish receive() throws InterruptedException {
            return Clients.receive(publishes);
        }

        Optional<Mqtt5Publish> receiveQuietly() throws InterruptedException {
            return publishes.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        return publishes.receive(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("no message within " + WAIT));
    }

    static Optional<Mqtt5Publish> receiveQuietly(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        return publishes.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS);
    }

    static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ Paho v5

    /** A Paho v5 client (not connected) whose messages and disconnects are collected. */
    Paho paho(String id) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(node.tcpUri(), id, new MemoryPersistence());
        Paho p = new Paho(c);
        c.setCallback(p);
        open.add(p::shutdown);
        return p;
    }

    /** Paho v5 async client used synchronously, with a queue of what arrived. */
    static final class Paho implements MqttCallback {
        final MqttAsyncClient client;
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();

        Paho(MqttAsyncClient client) {
            this.client = client;
        }

        IMqttToken connect(MqttConnectionOptions options) throws MqttException {
            IMqttToken t = client.connect(options);
            t.waitForCompletion(WAIT.toMillis());
            return t;
        }

        IMqttToken connect() throws MqttException {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            return connect(o);
        }

        IMqttToken subscribe(MqttProperties properties, MqttSubscription... subscriptions) throws MqttException {
            IMqttToken t = client.subscribe(subscriptions, null, null, properties == null ? new MqttProperties() : properties);
            t.waitForCompletion(WAIT.toMillis());
            return t;
        }

        void publish(String topic, MqttMessage message) throws MqttException {
            client.publish(topic, message).waitForCompletion(WAIT.toMillis());
        }

        void disconnect() throws MqttException {
            client.disconnect().waitForCompletion(WAIT.toMillis());
        }

        record Received(String topic, MqttMessage message) {
            String text() {
                return new String(message.getPayload(), StandardCharsets.UTF_8);
            }

            List<Integer> subscriptionIds() {
                MqttProperties p = message.getProperties();
                return p == null || p.getSubscriptionIdentifiers() == null
                        ? List.of() : new ArrayList<>(p.getSubscriptionIdentifiers());
            }
        }

        Received receive() throws InterruptedException {
            Received r = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no message within " + WAIT);
            }
            return r;
        }

        Received receiveQuietly() throws InterruptedException {
            return messages.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
        }

        MqttDisconnectResponse awaitDisconnect() throws InterruptedException {
            MqttDisconnectResponse r = disconnects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("not disconnected within " + WAIT);
            }
            return r;
        }

        void shutdown() {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(WAIT.toMillis());
                }
            } catch (MqttException ignored) {
                // closing anyway
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // best effort
            }
        }

        @Override public void disconnected(MqttDisconnectResponse response) { disconnects.add(response); }
        @Override public void mqttErrorOccurred(MqttException exception) { }
        @Override public void messageArrived(String topic, MqttMessage message) { messages.add(new Received(topic, message)); }
        @Override public void deliveryComplete(IMqttToken token) { }
        @Override public void connectComplete(boolean reconnect, String serverURI) { }
        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
    }

    // ------------------------------------------------------------------ raw socket

    RawMqtt5 raw(RawMqtt5.Connect connect) throws java.io.IOException {
        RawMqtt5 r = RawMqtt5.connect(node, connect);
        open.add(r::close);
        return r;
    }

    RawMqtt5 raw(String clientId) throws java.io.IOException {
        return raw(new RawMqtt5.Connect(clientId));
    }

    RawMqtt5 rawUnconnected() throws java.io.IOException {
        RawMqtt5 r = RawMqtt5.open(node);
        open.add(r::close);
        return r;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // keep closing the others
            }
        }
        open.clear();
    }
}
