package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Maximum Packet Size in both directions. */
class MaximumPacketSizeTest {

    private static final int BROKER_MAX = 2048;
    private static final int CLIENT_MAX = 256;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.maxPacketSize = BROKER_MAX));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private Clients.Subscriber smallSubscriber(String id, String filter, int topicAliasMaximum) {
        Mqtt5BlockingClient c = clients.hive(id);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(c);
        c.connectWith().restrictions().maximumPacketSize(CLIENT_MAX).topicAliasMaximum(topicAliasMaximum)
                .applyRestrictions().send();
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return new Clients.Subscriber(c, publishes);
    }

    @Test
    void messagesLargerThanTheClientsMaximumAreNotSentToIt() throws Exception {
        Clients.Subscriber small = smallSubscriber("mps-small", "mps/t", 0);
        Clients.Subscriber big = clients.hiveSubscriber("mps-big", "mps/t");
        Mqtt5BlockingClient pub = clients.hiveConnected("mps-pub");

        pub.publishWith().topic("mps/t").qos(MqttQos.AT_LEAST_ONCE).payload(filled(1000, 'B')).send();
        pub.publishWith().topic("mps/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("small")).send();

        assertThat(big.receive().getPayloadAsBytes()).hasSize(1000);
        assertThat(text(big.receive())).isEqualTo("small");
        assertThat(text(small.receive())).isEqualTo("small");
        assertThat(small.receiveQuietly()).isEmpty();
        assertThat(small.client().getState().isConnected()).isTrue();
    }

    @Test
    void skippedLargeMessageDoesNotBreakTopicAliasesTowardsTheClient() throws Exception {
        Clients.Subscriber small = smallSubscriber("mps-alias", "mpa/#", 4);
        Mqtt5BlockingClient pub = clients.hiveConnected("mps-alias-pub");

        pub.publishWith().topic("mpa/t").qos(MqttQos.AT_LEAST_ONCE).payload(filled(1000, 'B')).send();
        pub.publishWith().topic("mpa/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("small-1")).send();
        pub.publishWith().topic("mpa/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("small-2")).send();

        Mqtt5Publish first = small.receive();
        assertThat(first.getTopic().toString()).isEqualTo("mpa/t");
        assertThat(text(first)).isEqualTo("small-1");
        Mqtt5Publish second = small.receive();
        assertThat(second.getTopic().toString()).isEqualTo("mpa/t");
        assertThat(text(second)).isEqualTo("small-2");
    }

    @Test
    void rawViewOfASkippedLargeMessageWithTopicAliases() throws Exception {
        RawMqtt5 sub = clients.raw(new RawMqtt5.Connect("mps-raw-alias").props(new RawMqtt5.Props()
                .u16(RawMqtt5.TOPIC_ALIAS_MAXIMUM, 4).u32(RawMqtt5.MAXIMUM_PACKET_SIZE, CLIENT_MAX)));
        sub.subscribe(1, new RawMqtt5.Props(), "mpr/#", 1);
        sub.expect(RawMqtt5.SUBACK, WAIT);
        Mqtt5BlockingClient pub = clients.hiveConnected("mps-raw-alias-pub");

        pub.publishWith().topic("mpr/t").qos(MqttQos.AT_LEAST_ONCE).payload(filled(1000, 'B')).send();
        pub.publishWith().topic("mpr/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("small")).send();

        RawMqtt5.Publish p = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        assertThat(p.payloadText()).isEqualTo("small");
        assertThat(p.topic()).as("the first PUBLISH the client sees for a topic must name it, not use an alias it never got")
                .isEqualTo("mpr/t");
    }

    @Test
    void queuedMessagesTooLargeForTheReconnectingClientAreSkipped() throws Exception {
        Mqtt5BlockingClient first = clients.hive("mps-queued");
        first.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter("mpq/t").qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5BlockingClient pub = clients.hiveConnected("mps-queued-pub");
        pub.publishWith().topic("mpq/t").qos(MqttQos.AT_LEAST_ONCE).payload(filled(1000, 'B')).send();
        pub.publishWith().topic("mpq/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("fits")).send();

        Mqtt5BlockingClient again = clients.hive("mps-queued");
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(again);
        again.connectWith().cleanStart(false).sessionExpiryInterval(60)
                .restrictions().maximumPacketSize(CLIENT_MAX).applyRestrictions().send();
        assertThat(text(Clients.receive(publishes))).isEqualTo("fits");
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
    }

    @Test
    void packetLargerThanTheBrokersMaximumIsDisconnectedWithPacketTooLarge() throws Exception {
        Clients.Subscriber bystander = clients.hiveSubscriber("mps-bystander", "mpb/t");
        RawMqtt5 pub = clients.raw("mps-too-big");

        pub.publish("mpb/t", 1, 1, false, new RawMqtt5.Props(), filled(BROKER_MAX + 100, 'X'));
        assertThat(pub.awaitDisconnect(WAIT)).isEqualTo(0x95);

        // Nothing of it was routed, and the broker goes on serving others.
        clients.hiveConnected("mps-after").publishWith().topic("mpb/t").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("after")).send();
        assertThat(text(bystander.receive())).isEqualTo("after");
    }

    @Test
    void packetJustWithinTheBrokersMaximumIsAccepted() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("mps-fit-sub", "mpf/t");
        RawMqtt5 pub = clients.raw("mps-fits");
        // Fixed header 1 + 2 (remaining length) + topic 2+5 + packet id 2 + properties 1 = 13 bytes of overhead.
        byte[] payload = filled(BROKER_MAX - 13, 'F');
        pub.publish("mpf/t", 1, 1, false, new RawMqtt5.Props(), payload);

        assertThat(pub.expect(RawMqtt5.PUBACK, WAIT).ackReason()).isZero();
        assertThat(sub.receive().getPayloadAsBytes()).isEqualTo(payload);
    }
}
