package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.SILENCE;
import static io.twinhub.it.v3.Clients.assertNothing;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A CONNECT with a client id already connected closes the old connection and takes the session over. */
class SessionTakeoverTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    @Test
    void secondConnectClosesTheFirstConnection() throws Exception {
        PahoClient first = clients.paho("twin");
        first.connect(true);

        Mqtt3BlockingClient second = clients.hive("twin");
        second.connectWith().cleanSession(true).send();

        await().atMost(RECEIVE).until(first::connectionLost);
        assertThat(first.isConnected()).isFalse();
        assertThat(second.getState().isConnected()).isTrue();
    }

    @Test
    void firstRawConnectionIsClosedByTheServer() throws Exception {
        RawMqtt first = clients.raw();
        assertThat(first.connect("twin", false, 30).returnCode()).isZero();

        RawMqtt second = clients.raw();
        RawMqtt.Packet connack = second.connect("twin", false, 30);
        assertThat(connack.returnCode()).isZero();
        assertThat(connack.sessionPresent()).isTrue();

        Duration took = first.awaitClosed(RECEIVE);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        // The new connection is alive and well.
        second.send(RawMqtt.pingreq());
        assertThat(second.expect(RawMqtt.PINGRESP, RECEIVE).type()).isEqualTo(RawMqtt.PINGRESP);
    }

    @Test
    void newConnectionKeepsThePersistentSubscriptions() throws Exception {
        PahoClient first = clients.paho("twin");
        first.connect(false);
        first.subscribe("takeover/+", 1);

        Mqtt3BlockingClient second = clients.hive("twin");
        var publishes = publishes(second);
        assertThat(second.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
        await().atMost(RECEIVE).until(first::connectionLost);

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "takeover/1", "to the new owner", 1, false);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("to the new owner");
        assertThat(got.getQos().getCode()).isEqualTo(1);
        assertThat(first.poll(SILENCE)).isEmpty();
    }

    @Test
    void cleanSessionTakeoverStartsWithoutSubscriptions() throws Exception {
        PahoClient first = clients.paho("twin");
        first.connect(false);
        first.subscribe("takeover/+", 1);

        Mqtt3BlockingClient second = clients.hive("twin");
        var publishes = publishes(second);
        assertThat(second.connectWith().cleanSession(true).send().isSessionPresent()).isFalse();

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "takeover/1", "nobody", 1, false);
        assertNothing(publishes);
    }

    @Test
    void messagesInFlightToTheOldConnectionAreResentToTheNewOne() throws Exception {
        RawMqtt first = clients.raw();
        first.connect("twin", false, 30);
        first.subscribe(1, "inflight", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "inflight", "unacked", 1, false);
        RawMqtt.Packet original = first.expect(RawMqtt.PUBLISH, RECEIVE);

        RawMqtt second = clients.raw();
        assertThat(second.connect("twin", false, 30).sessionPresent()).isTrue();

        RawMqtt.Packet resent = second.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(resent.payload()).isEqualTo("unacked");
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        first.awaitClosed(RECEIVE);
    }

    @Test
    void onlyTheLastOfSeveralTakeoversStaysConnectedAndReceives() throws Exception {
        List<RawMqtt> connections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawMqtt c = clients.raw();
            RawMqtt.Packet connack = c.connect("flappy", false, 30);
            assertThat(connack.returnCode()).isZero();
            assertThat(connack.sessionPresent()).isEqualTo(i > 0);
            if (i == 0) {
                c.subscribe(1, "flap", 1);
            }
            connections.add(c);
        }
        for (int i = 0; i < 4; i++) {
            connections.get(i).awaitClosed(RECEIVE);
        }

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "flap", "last one", 1, false);
        RawMqtt.Packet got = connections.get(4).expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(got.payload()).isEqualTo("last one");
    }
}
