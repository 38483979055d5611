package io.twinhub.it.v3;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Makes the clients of one test, all aimed at the test's node on 127.0.0.1, and closes every one
 * of them after the test. Register after the node so that clients close before the node stops:
 * <pre>
 * {@literal @}RegisterExtension final RunningNode node = new RunningNode();
 * {@literal @}RegisterExtension final Clients clients = new Clients(node);
 * </pre>
 */
final class Clients implements AfterEachCallback {

    static final Duration RECEIVE = Duration.ofSeconds(5);
    /** How long to wait before concluding that a message will not come. */
    static final Duration SILENCE = Duration.ofMillis(500);

    private final RunningNode node;
    private final List<AutoCloseable> open = new ArrayList<>();

    Clients(RunningNode node) {
        this.node = node;
    }

    /** A HiveMQ MQTT 3.1.1 client, not yet connected. */
    Mqtt3BlockingClient hive(String clientId) {
        Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3()
                .identifier(clientId)
                .serverHost(node.host())
                .serverPort(node.port())
                .buildBlocking();
        open.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    /** A HiveMQ MQTT 3.1.1 client connected with a clean session. */
    Mqtt3BlockingClient hiveConnected(String clientId) {
        Mqtt3BlockingClient c = hive(clientId);
        c.connectWith().cleanSession(true).keepAlive(30).send();
        return c;
    }

    /** A Paho MQTT 3.1.1 client, not yet connected. */
    PahoClient paho(String clientId) throws MqttException {
        PahoClient c = new PahoClient(node.tcpUri(), clientId);
        open.add(c);
        return c;
    }

    /** A Paho MQTT 3.1.1 client connected with a clean session. */
    PahoClient pahoConnected(String clientId) throws MqttException {
        PahoClient c = paho(clientId);
        c.connect(true);
        return c;
    }

    /** A bare socket to the broker. */
    RawMqtt raw() throws IOException {
        RawMqtt r = RawMqtt.open(node.host(), node.port());
        open.add(r);
        return r;
    }

    /** Tracks a started process so that it is killed after the test. */
    Process track(Process p) {
        open.add(() -> {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        });
        return p;
    }

    /**
     * Waits until the broker has noticed that {@code clientId} is gone. Only a synchronisation
     * point (a client library returns from disconnect before the broker has processed it), so
     * that a test publishing "while offline" really does.
     */
    void awaitOffline(String clientId) {
        await().atMost(RECEIVE).until(() -> !node.node().broker().registry().isOnline(clientId));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // a test may already have closed or broken it
            }
        }
        open.clear();
    }

    // ---------------------------------------------------------------- HiveMQ conveniences

    static void publish(Mqtt3BlockingClient c, String topic, String payload, int qos, boolean retain) {
        c.publishWith().topic(topic).qos(qos(qos)).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    static void subscribe(Mqtt3BlockingClient c, String filter, int qos) {
        c.subscribeWith().topicFilter(filter).qos(qos(qos)).send();
    }

    static MqttQos qos(int qos) {
        return MqttQos.fromCode(qos);
    }

    static String text(Mqtt3Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /** The next message on {@code publishes}, failing the test if none arrives in time. */
    static Mqtt3Publish next(Mqtt3BlockingClient.Mqtt3Publishes publishes) throws InterruptedException {
        return publishes.receive(RECEIVE.toMillis(), TimeUnit.MILLISECONDS)
                .orElseThrow(() -> new AssertionError("no message received within " + RECEIVE));
    }

    /** Asserts that nothing arrives on {@code publishes} for a while. */
    static void assertNothing(Mqtt3BlockingClient.Mqtt3Publishes publishes) throws InterruptedException {
        var p = publishes.receive(SILENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (p.isPresent()) {
            throw new AssertionError("expected no message but got " + p.get() + " payload=" + text(p.get()));
        }
    }

    static Mqtt3BlockingClient.Mqtt3Publishes publishes(Mqtt3BlockingClient c) {
        return c.publishes(MqttGlobalPublishFilter.ALL);
    }
}
