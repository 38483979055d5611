package io.twinhub.it.v3;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An Eclipse Paho MQTT 3.1.1 client that collects every message it receives into a queue. */
final class PahoClient implements AutoCloseable {

    /** One message as the Paho client handed it to the application. */
    record Received(String topic, String payload, int qos, boolean retained, boolean duplicate, int id) { }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile boolean connectionLost;

    PahoClient(String serverUri, String clientId) throws MqttException {
        client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connectionLost = true;
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                        m.getQos(), m.isRetained(), m.isDuplicate(), m.getId()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) { }
        });
    }

    static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(5);
        o.setKeepAliveInterval(30);
        o.setAutomaticReconnect(false);
        return o;
    }

    /** Connects and returns CONNACK's session-present flag. */
    boolean connect(boolean cleanSession) throws MqttException {
        return connect(options(cleanSession));
    }

    boolean connect(MqttConnectOptions options) throws MqttException {
        IMqttToken token = client.connectWithResult(options);
        return token.getSessionPresent();
    }

    MqttClient client() {
        return client;
    }

    /** Subscribes and returns the QoS the broker granted. */
    int subscribe(String filter, int qos) throws MqttException {
        IMqttToken token = client.subscribeWithResponse(filter, qos);
        return token.getGrantedQos()[0];
    }

    void unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter);
    }

    void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
    }

    void setManualAcks(boolean manual) {
        client.setManualAcks(manual);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    boolean connectionLost() {
        return connectionLost;
    }

    /** The next message, failing the test if none arrives in time. */
    Received next(Duration timeout) throws InterruptedException {
        Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError(client.getClientId() + " received no message within " + timeout);
        }
        return r;
    }

    Optional<Received> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Every message received so far, removed from the queue. */
    List<Received> drain() {
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    int receivedCount() {
        return received.size();
    }

    /** Drops the TCP connection without sending DISCONNECT. */
    void killConnection() throws MqttException {
        client.disconnectForcibly(0, 100, false);
    }

    void disconnect() throws MqttException {
        client.disconnect(100);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(0);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }
}
