package io.twinhub.it.v5;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What the broker announces in CONNACK, as HiveMQ and Paho clients see it. */
class ConnAckPropertiesTest {

    private static final int RECEIVE_MAXIMUM = 20;
    private static final int MAX_PACKET_SIZE = 100_000;
    private static final int TOPIC_ALIAS_MAXIMUM = 7;
    private static final int SERVER_KEEP_ALIVE = 30;
    private static final long MAX_SESSION_EXPIRY = 120;

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> {
        l.receiveMaximum = RECEIVE_MAXIMUM;
        l.maxPacketSize = MAX_PACKET_SIZE;
        l.topicAliasMaximum = TOPIC_ALIAS_MAXIMUM;
        l.serverKeepAliveSeconds = SERVER_KEEP_ALIVE;
        l.maxSessionExpirySeconds = MAX_SESSION_EXPIRY;
    }));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void emptyClientIdentifierIsAssignedOneInConnAck() {
        Mqtt5BlockingClient first = clients.hive(null);
        Mqtt5ConnAck ack = first.connect();

        assertThat(ack.getAssignedClientIdentifier()).isPresent();
        String assigned = ack.getAssignedClientIdentifier().get().toString();
        assertThat(assigned).isNotBlank();
        assertThat(first.getConfig().getClientIdentifier()).hasValueSatisfying(id -> assertThat(id.toString()).isEqualTo(assigned));

        Mqtt5ConnAck second = clients.hive(null).connect();
        assertThat(second.getAssignedClientIdentifier()).isPresent();
        assertThat(second.getAssignedClientIdentifier().get().toString()).isNotEqualTo(assigned);
    }

    @Test
    void pahoWithEmptyClientIdentifierGetsAssignedIdentifier() throws Exception {
        Clients.Paho paho = clients.paho("");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        IMqttToken token = paho.connect(options);

        assertThat(token.getResponseProperties().getAssignedClientIdentifier()).isNotBlank();
    }

    @Test
    void clientWithOwnIdentifierGetsNoAssignedIdentifier() {
        Mqtt5ConnAck ack = clients.hive("has-an-id").connect();
        assertThat(ack.getAssignedClientIdentifier()).isEmpty();
    }

    @Test
    void receiveMaximumPacketSizeAndTopicAliasMaximumAreAnnounced() {
        Mqtt5ConnAck ack = clients.hive("limits").connect();
        Mqtt5ConnAckRestrictions r = ack.getRestrictions();

        assertThat(r.getReceiveMaximum()).isEqualTo(RECEIVE_MAXIMUM);
        assertThat(r.getMaximumPacketSize()).isEqualTo(MAX_PACKET_SIZE);
        assertThat(r.getTopicAliasMaximum()).isEqualTo(TOPIC_ALIAS_MAXIMUM);
    }

    @Test
    void pahoSeesTheSameLimits() throws Exception {
        IMqttToken token = clients.paho("paho-limits").connect();
        var props = token.getResponseProperties();

        assertThat(props.getReceiveMaximum()).isEqualTo(RECEIVE_MAXIMUM);
        assertThat(props.getMaximumPacketSize()).isEqualTo(MAX_PACKET_SIZE);
        assertThat(props.getTopicAliasMaximum()).isEqualTo(TOPIC_ALIAS_MAXIMUM);
    }

    @Test
    void serverKeepAliveIsAnnouncedWhenTheClientAsksForMore() {
        Mqtt5ConnAck ack = clients.hive("ka-long").connectWith().keepAlive(600).send();
        assertThat(ack.getServerKeepAlive()).isEqualTo(OptionalInt.of(SERVER_KEEP_ALIVE));
    }

    @Test
    void serverKeepAliveIsAnnouncedWhenTheClientAsksForNone() {
        Mqtt5ConnAck ack = clients.hive("ka-none").connectWith().keepAlive(0).send();
        assertThat(ack.getServerKeepAlive()).isEqualTo(OptionalInt.of(SERVER_KEEP_ALIVE));
    }

    @Test
    void keepAliveBelowTheCapIsKept() {
        Mqtt5ConnAck ack = clients.hive("ka-short").connectWith().keepAlive(10).send();
        // Absent means "the client's value stands"; if sent anyway it must be the client's value.
        ack.getServerKeepAlive().ifPresent(v -> assertThat(v).isEqualTo(10));
    }

    @Test
    void sessionExpiryAboveTheCapIsAnnouncedAsTheCap() {
        Mqtt5ConnAck ack = clients.hive("se-capped").connectWith().sessionExpiryInterval(3600).send();
        assertThat(ack.getSessionExpiryInterval()).hasValue(MAX_SESSION_EXPIRY);
    }

    @Test
    void sessionExpiryWithinTheCapIsKept() {
        Mqtt5ConnAck ack = clients.hive("se-kept").connectWith().sessionExpiryInterval(60).send();
        ack.getSessionExpiryInterval().ifPresent(v -> assertThat(v).isEqualTo(60));
    }

    @Test
    void rawConnAckCarriesTheAnnouncedProperties() throws Exception {
        RawMqtt5 raw = clients.rawUnconnected();
        RawMqtt5.Packet ack = raw.sendConnect(new RawMqtt5.Connect("").keepAlive(0)
                .props(new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, 0xFFFFFFFFL)));

        assertThat(ack.type()).isEqualTo(RawMqtt5.CONNACK);
        assertThat(ack.connAckReason()).isZero();
        Map<Integer, List<Object>> props = ack.connAckProperties();
        assertThat(props.get(RawMqtt5.ASSIGNED_CLIENT_ID)).singleElement().asString().isNotEmpty();
        assertThat(props.get(RawMqtt5.SERVER_KEEP_ALIVE)).containsExactly(SERVER_KEEP_ALIVE);
        assertThat(props.get(RawMqtt5.SESSION_EXPIRY)).containsExactly(MAX_SESSION_EXPIRY);
        assertThat(props.get(RawMqtt5.RECEIVE_MAXIMUM)).containsExactly(RECEIVE_MAXIMUM);
        assertThat(props.get(RawMqtt5.MAXIMUM_PACKET_SIZE)).containsExactly((long) MAX_PACKET_SIZE);
        assertThat(props.get(RawMqtt5.TOPIC_ALIAS_MAXIMUM)).containsExactly(TOPIC_ALIAS_MAXIMUM);
        raw.disconnect(0, new RawMqtt5.Props());
        assertThat(raw.awaitDisconnect(Duration.ofSeconds(5))).isEqualTo(RawMqtt5.CLOSED);
    }
}
