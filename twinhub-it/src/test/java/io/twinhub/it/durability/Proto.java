package io.twinhub.it.durability;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The protocol a test speaks, with a HiveMQ client for it behind one small interface, so that
 * one test body runs against MQTT 3.1.1 and 5.0 alike.
 */
enum Proto {

    V3(4) {
        @Override
        HiveClient client(NodeProcess node, String clientId) {
            return new V3Client(MqttClient.builder().useMqttVersion3().identifier(clientId)
                    .serverHost(node.host()).serverPort(node.port()).buildBlocking());
        }
    },
    V5(5) {
        @Override
        HiveClient client(NodeProcess node, String clientId) {
            return new V5Client(MqttClient.builder().useMqttVersion5().identifier(clientId)
                    .serverHost(node.host()).serverPort(node.port()).buildBlocking());
        }
    };

    /** Protocol level in CONNECT. */
    final int level;

    Proto(int level) {
        this.level = level;
    }

    /** A HiveMQ client for this protocol aimed at the node's current port, not yet connected. */
    abstract HiveClient client(NodeProcess node, String clientId);

    /** One received application message. */
    record Received(String topic, String payload, int qos, boolean retain) { }

    /** What the durability tests need from a client library. */
    interface HiveClient extends AutoCloseable {

        /**
         * Connects; returns CONNACK's session present. {@code persistent}: clean session 0 in
         * 3.1.1 (never expires), Clean Start 0 with Session Expiry {@code expirySeconds} in 5.0.
         * Not persistent: a clean session that ends with the connection.
         */
        boolean connect(boolean persistent, long expirySeconds);

        void subscribe(String filter, int qos);

        /** Publishes and waits for the broker's acknowledgement (QoS 1 and 2). */
        void publish(String topic, String payload, int qos, boolean retain);

        Optional<Received> receive(Duration timeout) throws InterruptedException;

        void disconnect();

        /** The next message, failing the test if none arrives in time. */
        default Received next(Duration timeout) throws InterruptedException {
            return receive(timeout).orElseThrow(() -> new AssertionError("no message within " + timeout));
        }

        @Override
        void close();
    }

    private static final class V3Client implements HiveClient {
        private final Mqtt3BlockingClient client;
        private final Mqtt3BlockingClient.Mqtt3Publishes publishes;

        V3Client(Mqtt3BlockingClient client) {
            this.client = client;
            this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        }

        @Override
        public boolean connect(boolean persistent, long expirySeconds) {
            return client.connectWith().cleanSession(!persistent).keepAlive(30).send().isSessionPresent();
        }

        @Override
        public void subscribe(String filter, int qos) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) {
            client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }

        @Override
        public Optional<Received> receive(Duration timeout) throws InterruptedException {
            return publishes.receive(timeout.toMillis(), TimeUnit.MILLISECONDS).map(p -> new Received(
                    p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8),
                    p.getQos().getCode(), p.isRetain()));
        }

        @Override
        public void disconnect() {
            client.disconnect();
        }

        @Override
        public void close() {
            try {
                if (client.getState().isConnected()) {
                    client.disconnect();
                }
            } catch (RuntimeException ignored) {
                // the broker may be gone
            }
            publishes.close();
        }
    }

    private static final class V5Client implements HiveClient {
        private final Mqtt5BlockingClient client;
        private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

        V5Client(Mqtt5BlockingClient client) {
            this.client = client;
            this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        }

        @Override
        public boolean connect(boolean persistent, long expirySeconds) {
            return client.connectWith().cleanStart(!persistent).sessionExpiryInterval(persistent ? expirySeconds : 0)
                    .keepAlive(30).send().isSessionPresent();
        }

        @Override
        public void subscribe(String filter, int qos) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) {
            client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }

        @Override
        public Optional<Received> receive(Duration timeout) throws InterruptedException {
            return publishes.receive(timeout.toMillis(), TimeUnit.MILLISECONDS).map(p -> new Received(
                    p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8),
                    p.getQos().getCode(), p.isRetain()));
        }

        @Override
        public void disconnect() {
            client.disconnect();
        }

        @Override
        public void close() {
            try {
                if (client.getState().isConnected()) {
                    client.disconnect();
                }
            } catch (RuntimeException ignored) {
                // the broker may be gone
            }
            publishes.close();
        }
    }
}
