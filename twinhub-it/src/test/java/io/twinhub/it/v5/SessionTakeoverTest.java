package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A second connection with the same client identifier takes the session over. */
class SessionTakeoverTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void firstHiveMqClientIsToldSessionTakenOver() throws Exception {
        BlockingQueue<Throwable> causes = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient first = clients.track(clients.hiveBuilder("twin")
                .addDisconnectedListener(ctx -> causes.add(ctx.getCause())).buildBlocking());
        first.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter("takeover/t").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient second = clients.hive("twin");
        var publishes = clients.publishes(second);
        Mqtt5ConnAck ack = second.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isTrue();

        Throwable cause = causes.poll(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.getState().isConnected());

        // The subscription moved to the new connection.
        clients.hiveConnected("takeover-pub").publishWith().topic("takeover/t").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("to the new one")).send();
        assertThat(text(Clients.receive(publishes))).isEqualTo("to the new one");
    }

    @Test
    void firstPahoClientIsToldSessionTakenOver() throws Exception {
        Clients.Paho first = clients.paho("paho-twin");
        first.connect();
        Clients.Paho second = clients.paho("paho-twin");
        second.connect();

        MqttDisconnectResponse response = first.awaitDisconnect();
        assertThat(response.getReturnCode()).isEqualTo(0x8E);
        assertThat(second.client.isConnected()).isTrue();
    }

    @Test
    void takeoverWithCleanStartDropsTheOldSubscriptions() throws Exception {
        Mqtt5BlockingClient first = clients.hive("twin-clean");
        first.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter("takeover/clean").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient second = clients.hive("twin-clean");
        var publishes = clients.publishes(second);
        Mqtt5ConnAck ack = second.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isFalse();

        clients.hiveConnected("takeover-clean-pub").publishWith().topic("takeover/clean").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("nobody")).send();
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
    }

    @Test
    void willOfTheTakenOverConnectionIsPublished() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("will-watcher", "takeover/will");

        Clients.Paho first = clients.paho("twin-will");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setWill("takeover/will", new org.eclipse.paho.mqttv5.common.MqttMessage(bytes("gone"), 1, false, null));
        first.connect(options);
        clients.paho("twin-will").connect();

        assertThat(first.awaitDisconnect().getReturnCode()).isEqualTo(0x8E);
        assertThat(text(watcher.receive())).isEqualTo("gone");
    }
}
