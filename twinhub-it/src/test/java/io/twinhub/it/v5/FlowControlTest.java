package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Receive Maximum in both directions. */
class FlowControlTest {

    private static final int SERVER_RECEIVE_MAXIMUM = 3;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.receiveMaximum = SERVER_RECEIVE_MAXIMUM));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void subscriberWithReceiveMaximumOneStillGetsEveryMessageInOrder() throws Exception {
        Mqtt5BlockingClient sub = clients.hive("rm1-sub");
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(sub);
        sub.connectWith().restrictions().receiveMaximum(1).applyRestrictions().send();
        sub.subscribeWith().topicFilter("fc/t").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5AsyncClient pub = clients.hiveConnected("rm1-pub").toAsync();
        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(pub.publishWith().topic("fc/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        for (int i = 0; i < 50; i++) {
            assertThat(text(Clients.receive(publishes))).isEqualTo("m" + i);
        }
    }

    @Test
    void brokerNeverHasMoreUnacknowledgedPublishesThanTheClientAllows() throws Exception {
        RawMqtt5 sub = clients.raw(new RawMqtt5.Connect("window")
                .props(new RawMqtt5.Props().u16(RawMqtt5.RECEIVE_MAXIMUM, 2)));
        sub.subscribe(1, new RawMqtt5.Props(), "win/t", 1);
        sub.expect(RawMqtt5.SUBACK, WAIT);

        Mqtt5BlockingClient pub = clients.hiveConnected("window-pub");
        for (int i = 1; i <= 5; i++) {
            pub.publishWith().topic("win/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
        }

        RawMqtt5.Publish p1 = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        RawMqtt5.Publish p2 = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        assertThat(List.of(p1.payloadText(), p2.payloadText())).containsExactly("m1", "m2");
        assertThat(sub.poll(Clients.QUIET)).as("a third PUBLISH before any PUBACK").isEmpty();

        sub.ack(RawMqtt5.PUBACK, p1.packetId());
        RawMqtt5.Publish p3 = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        assertThat(p3.payloadText()).isEqualTo("m3");
        assertThat(sub.poll(Clients.QUIET)).isEmpty();

        sub.ack(RawMqtt5.PUBACK, p2.packetId());
        sub.ack(RawMqtt5.PUBACK, p3.packetId());
        RawMqtt5.Publish p4 = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        RawMqtt5.Publish p5 = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        assertThat(List.of(p4.payloadText(), p5.payloadText())).containsExactly("m4", "m5");
    }

    @Test
    void qos2PublishesBeyondTheServersReceiveMaximumAreDisconnectedWithReceiveMaximumExceeded() throws Exception {
        RawMqtt5 pub = clients.raw("greedy");
        for (int id = 1; id <= SERVER_RECEIVE_MAXIMUM; id++) {
            pub.publish("fc/q2", 2, id, false, new RawMqtt5.Props(), bytes("m" + id));
            RawMqtt5.Packet rec = pub.expect(RawMqtt5.PUBREC, WAIT);
            assertThat(rec.packetId()).isEqualTo(id);
        }
        // Never released: one more is one too many.
        pub.publish("fc/q2", 2, SERVER_RECEIVE_MAXIMUM + 1, false, new RawMqtt5.Props(), bytes("over"));
        assertThat(pub.awaitDisconnect(WAIT)).isEqualTo(0x93);
    }

    @Test
    void releasedQos2PublishesFreeTheirPlaceInTheWindow() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("q2-sub", "fc/rel");
        RawMqtt5 pub = clients.raw("polite");
        for (int id = 1; id <= SERVER_RECEIVE_MAXIMUM * 3; id++) {
            pub.publish("fc/rel", 2, id, false, new RawMqtt5.Props(), bytes("m" + id));
            assertThat(pub.expect(RawMqtt5.PUBREC, WAIT).packetId()).isEqualTo(id);
            pub.ack(RawMqtt5.PUBREL, id);
            RawMqtt5.Packet comp = pub.expect(RawMqtt5.PUBCOMP, WAIT);
            assertThat(comp.packetId()).isEqualTo(id);
            assertThat(comp.ackReason()).isZero();
        }
        for (int id = 1; id <= SERVER_RECEIVE_MAXIMUM * 3; id++) {
            assertThat(text(sub.receive())).isEqualTo("m" + id);
        }
    }

    @Test
    void resentQos2PublishIsDeliveredOnlyOnce() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("q2-dup-sub", "fc/dup");
        RawMqtt5 pub = clients.raw("resender");
        pub.publish("fc/dup", 2, 9, false, new RawMqtt5.Props(), bytes("once"));
        pub.expect(RawMqtt5.PUBREC, WAIT);
        pub.send(RawMqtt5.publishPacket("fc/dup", 2, 9, false, new RawMqtt5.Props(), bytes("once")));
        pub.expect(RawMqtt5.PUBREC, WAIT);
        pub.ack(RawMqtt5.PUBREL, 9);
        pub.expect(RawMqtt5.PUBCOMP, WAIT);

        assertThat(text(sub.receive())).isEqualTo("once");
        assertThat(sub.receiveQuietly()).isEmpty();
    }

    @Test
    void hiveMqPublisherHonouringTheServersReceiveMaximumGetsEverythingThrough() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("burst-sub", "fc/burst");
        Mqtt5AsyncClient pub = clients.hiveConnected("burst-pub").toAsync();

        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(pub.publishWith().topic("fc/burst").qos(MqttQos.EXACTLY_ONCE).payload(bytes("m" + i)).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Mqtt5PublishResult> f : sent) {
            assertThat(f.get().getError()).isEmpty();
        }
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            got.add(text(sub.receive()));
        }
        assertThat(got).hasSize(30);
    }
}
