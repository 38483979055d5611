package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.assertNothing;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The last will: published when a connection ends without DISCONNECT, and only then. */
class WillTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    private Mqtt3BlockingClient.Mqtt3Publishes watcher(String filter, int qos) {
        Mqtt3BlockingClient w = clients.hiveConnected("watcher");
        var publishes = publishes(w);
        Clients.subscribe(w, filter, qos);
        return publishes;
    }

    private static MqttConnectOptions withWill(boolean cleanSession, String topic, String payload, int qos, boolean retain) {
        MqttConnectOptions o = PahoClient.options(cleanSession);
        o.setWill(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        return o;
    }

    @ParameterizedTest(name = "will QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void willIsPublishedWhenPahoClientDropsTheConnection(int qos) throws Exception {
        var watched = watcher("status/+", 2);
        PahoClient device = clients.paho("device-1");
        device.connect(withWill(true, "status/device-1", "offline", qos, false));

        device.killConnection();

        Mqtt3Publish will = next(watched);
        assertThat(will.getTopic().toString()).isEqualTo("status/device-1");
        assertThat(text(will)).isEqualTo("offline");
        assertThat(will.getQos().getCode()).isEqualTo(qos);
        assertThat(will.isRetain()).isFalse();
    }

    @Test
    void willIsPublishedWhenRawSocketIsReset() throws Exception {
        var watched = watcher("status/#", 1);
        RawMqtt device = clients.raw();
        device.send(RawMqtt.connectPacket(4, "raw-device", true, 30, "status/raw", "gone", 1, false));
        assertThat(device.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        device.kill();

        Mqtt3Publish will = next(watched);
        assertThat(will.getTopic().toString()).isEqualTo("status/raw");
        assertThat(text(will)).isEqualTo("gone");
        assertThat(will.getQos().getCode()).isEqualTo(1);
    }

    @Test
    void willIsPublishedWhenSocketIsClosedWithoutDisconnect() throws Exception {
        var watched = watcher("status/#", 1);
        RawMqtt device = clients.raw();
        device.send(RawMqtt.connectPacket(4, "raw-device", true, 30, "status/fin", "closed", 0, false));
        assertThat(device.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        device.close(); // orderly TCP close (FIN) but no MQTT DISCONNECT

        assertThat(text(next(watched))).isEqualTo("closed");
    }

    @Test
    void willIsNotPublishedAfterCleanDisconnect() throws Exception {
        var watched = watcher("status/#", 1);
        Mqtt3BlockingClient device = clients.hive("hive-device");
        device.connectWith().cleanSession(true)
                .willPublish().topic("status/hive-device").payload("offline".getBytes()).qos(Clients.qos(1)).applyWillPublish()
                .send();
        PahoClient pahoDevice = clients.paho("paho-device");
        pahoDevice.connect(withWill(false, "status/paho-device", "offline", 1, false));

        device.disconnect();
        pahoDevice.disconnect();

        assertNothing(watched);
    }

    @Test
    void rawDisconnectPacketDiscardsTheWill() throws Exception {
        var watched = watcher("status/#", 1);
        RawMqtt device = clients.raw();
        device.send(RawMqtt.connectPacket(4, "raw-device", true, 30, "status/raw", "gone", 1, false));
        assertThat(device.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        device.send(RawMqtt.disconnect());
        device.awaitClosed(RECEIVE);

        assertNothing(watched);
    }

    @Test
    void retainedWillIsStoredForLaterSubscribers() throws Exception {
        var live = watcher("presence/+", 1);
        PahoClient device = clients.paho("device-r");
        device.connect(withWill(true, "presence/device-r", "dead", 1, true));
        device.killConnection();
        assertThat(text(next(live))).isEqualTo("dead");

        PahoClient late = clients.pahoConnected("late");
        late.subscribe("presence/+", 1);
        PahoClient.Received retained = late.next(RECEIVE);
        assertThat(retained.topic()).isEqualTo("presence/device-r");
        assertThat(retained.payload()).isEqualTo("dead");
        assertThat(retained.retained()).isTrue();
    }

    @Test
    void willToALiveSubscriberHasRetainClearedEvenIfWillRetainIsSet() throws Exception {
        var watched = watcher("presence/+", 1);
        PahoClient device = clients.paho("device-r");
        device.connect(withWill(true, "presence/device-r", "dead", 1, true));

        device.killConnection();

        Mqtt3Publish will = next(watched);
        assertThat(text(will)).isEqualTo("dead");
        assertThat(will.isRetain()).isFalse();
    }

    @Test
    void willIsDeliveredAtTheSubscriberQosWhenLower() throws Exception {
        var watched = watcher("status/#", 0);
        PahoClient device = clients.paho("device-q");
        device.connect(withWill(true, "status/device-q", "bye", 2, false));

        device.killConnection();

        Mqtt3Publish will = next(watched);
        assertThat(will.getQos().getCode()).isZero();
    }

    @Test
    void willOfPersistentSessionIsPublishedOnAbnormalClose() throws Exception {
        var watched = watcher("status/#", 1);
        PahoClient device = clients.paho("persistent-device");
        device.connect(withWill(false, "status/persistent", "lost", 1, false));

        device.killConnection();

        assertThat(text(next(watched))).isEqualTo("lost");
    }

    @Test
    void willIsPublishedOnlyOnce() throws Exception {
        var watched = watcher("status/#", 1);
        PahoClient device = clients.paho("device-once");
        device.connect(withWill(false, "status/once", "lost", 1, false));
        device.killConnection();
        assertThat(text(next(watched))).isEqualTo("lost");

        // The session comes back (without a will) and leaves normally: nothing more.
        PahoClient again = clients.paho("device-once");
        again.connect(false);
        again.disconnect();
        assertNothing(watched);
    }

    /**
     * MQTT 3.1.1: a second CONNECT with the same client id makes the server close the first
     * network connection; that connection did not send DISCONNECT, so its will is published.
     */
    @ParameterizedTest(name = "cleanSession={0}")
    @ValueSource(booleans = {true, false})
    void willOfTakenOverConnectionIsPublished(boolean cleanSession) throws Exception {
        var watched = watcher("status/#", 1);
        PahoClient first = clients.paho("same-id");
        first.connect(withWill(cleanSession, "status/same-id", "taken over", 1, false));

        Mqtt3BlockingClient second = clients.hive("same-id");
        second.connectWith().cleanSession(cleanSession).send();

        Mqtt3Publish will = next(watched);
        assertThat(text(will)).isEqualTo("taken over");
        // The new connection's own (absent) will is not published when it leaves normally.
        second.disconnect();
        assertNothing(watched);
    }

    @Test
    void willIsNotPublishedWhileTheConnectionIsAlive() throws Exception {
        var watched = watcher("status/#", 1);
        RawMqtt device = clients.raw();
        device.send(RawMqtt.connectPacket(4, "raw-device", true, 1, "status/raw", "gone", 1, false));
        assertThat(device.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        // Keep the connection alive with PINGREQ for longer than 1.5 x the 1 s keep-alive.
        long end = System.nanoTime() + Duration.ofMillis(2200).toNanos();
        while (System.nanoTime() < end) {
            device.send(RawMqtt.pingreq());
            assertThat(device.expect(RawMqtt.PINGRESP, RECEIVE).type()).isEqualTo(RawMqtt.PINGRESP);
            Thread.sleep(400);
        }
        assertNothing(watched);
    }
}
