package io.twinhub.it.shadow;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device on the Eclipse Paho MQTT 3.1.1 client, logged in with its token. */
final class PahoDevice implements AutoCloseable {

    private final MqttClient client;
    private final BlockingQueue<Answer> inbox = new LinkedBlockingQueue<>();

    PahoDevice(String serverUri, String id, String token) throws MqttException {
        client = new MqttClient(serverUri, id, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) { }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                if (!topic.endsWith("/presence")) {
                    inbox.add(Answer.of(topic, m.getPayload()));
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) { }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setUserName(id);
        o.setPassword(token.toCharArray());
        client.connect(o);
    }

    void subscribe(String filter) throws MqttException {
        int granted = client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        if (granted == 0x80) {
            throw new AssertionError("refused " + filter);
        }
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    Answer next() throws InterruptedException {
        Answer a = inbox.poll(ShadowClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new AssertionError("no message within " + ShadowClient.WAIT);
        }
        return a;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close();
    }
}
