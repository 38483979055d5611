package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's maximum session expiry is announced and then applied. */
class CappedSessionExpiryTest {

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.maxSessionExpirySeconds = 1));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void cappedExpiryIsAnnouncedAndTheSessionEndsAtTheCap() throws Exception {
        Mqtt5BlockingClient c = clients.hive("capped");
        Mqtt5ConnAck ack = c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        assertThat(ack.getSessionExpiryInterval()).hasValue(1);
        c.subscribeWith().topicFilter("cap/t").qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        Thread.sleep(2_200);

        Mqtt5ConnAck again = clients.hive("capped").connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        assertThat(again.isSessionPresent()).isFalse();
    }

    @Test
    void cappedSessionIsStillResumableWithinTheCap() {
        Mqtt5BlockingClient c = clients.hive("capped-quick");
        c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        c.disconnect();

        Mqtt5ConnAck again = clients.hive("capped-quick").connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        assertThat(again.isSessionPresent()).isTrue();
    }

    @Test
    void expiryGivenOnDisconnectIsCappedToo() throws Exception {
        Mqtt5BlockingClient c = clients.hive("capped-disconnect");
        c.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        c.disconnectWith().sessionExpiryInterval(3600).send();

        Thread.sleep(2_200);

        Mqtt5ConnAck again = clients.hive("capped-disconnect").connectWith().cleanStart(false).sessionExpiryInterval(1).send();
        assertThat(again.isSessionPresent()).isFalse();
    }
}
