package io.twinhub.it.durability;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Eclipse Paho 3.1.1, optionally withholding its acknowledgements, collecting what arrives. */
final class PahoV3 implements AutoCloseable {

    record Received(String topic, String payload, int qos, boolean duplicate, int id) { }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    PahoV3(String serverUri, String clientId, boolean manualAcks) throws MqttException {
        client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        client.setManualAcks(manualAcks);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) { }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                        m.getQos(), m.isDuplicate(), m.getId()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) { }
        });
    }

    /** Connects with clean session 0; returns session present. */
    boolean connectPersistent() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        o.setAutomaticReconnect(false);
        return client.connectWithResult(o).getSessionPresent();
    }

    void subscribe(String filter, int qos) throws MqttException {
        client.subscribe(filter, qos);
    }

    Received next(Duration timeout) throws InterruptedException {
        return poll(timeout).orElseThrow(() -> new AssertionError(client.getClientId() + ": no message within " + timeout));
    }

    Optional<Received> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
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
