package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PUBLISH → SUBSCRIBE at each QoS, between different client libraries, with QoS downgrade and ordering. */
class QosDeliveryTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void hiveMqPublisherReachesPahoSubscriberAtSameQos(int qos) throws Exception {
        PahoClient sub = clients.pahoConnected("paho-sub");
        assertThat(sub.subscribe("qos/h2p", qos)).isEqualTo(qos);
        Mqtt3BlockingClient pub = clients.hiveConnected("hive-pub");

        Clients.publish(pub, "qos/h2p", "from hivemq at " + qos, qos, false);

        PahoClient.Received got = sub.next(RECEIVE);
        assertThat(got.topic()).isEqualTo("qos/h2p");
        assertThat(got.payload()).isEqualTo("from hivemq at " + qos);
        assertThat(got.qos()).isEqualTo(qos);
        assertThat(got.retained()).isFalse();
        assertThat(got.duplicate()).isFalse();
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void pahoPublisherReachesHiveMqSubscriberAtSameQos(int qos) throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "qos/p2h", qos);
        PahoClient pub = clients.pahoConnected("paho-pub");

        pub.publish("qos/p2h", "from paho at " + qos, qos, false);

        Mqtt3Publish got = next(publishes);
        assertThat(got.getTopic().toString()).isEqualTo("qos/p2h");
        assertThat(text(got)).isEqualTo("from paho at " + qos);
        assertThat(got.getQos().getCode()).isEqualTo(qos);
        assertThat(got.isRetain()).isFalse();
    }

    /** The broker delivers at the lower of the publish QoS and the granted QoS, never higher. */
    @ParameterizedTest(name = "published at {0}, subscribed at {1} -> delivered at {2}")
    @CsvSource({
            "2, 0, 0",
            "2, 1, 1",
            "1, 0, 0",
            "0, 2, 0",
            "1, 2, 1",
    })
    void deliveryQosIsTheMinimumOfPublishAndSubscription(int publishQos, int subscribeQos, int expected) throws Exception {
        PahoClient sub = clients.pahoConnected("paho-sub");
        assertThat(sub.subscribe("qos/min", subscribeQos)).isEqualTo(subscribeQos);
        Mqtt3BlockingClient hiveSub = clients.hiveConnected("hive-sub");
        var hivePublishes = publishes(hiveSub);
        Clients.subscribe(hiveSub, "qos/min", subscribeQos);
        PahoClient pub = clients.pahoConnected("paho-pub");

        pub.publish("qos/min", "m", publishQos, false);

        assertThat(sub.next(RECEIVE).qos()).isEqualTo(expected);
        assertThat(next(hivePublishes).getQos().getCode()).isEqualTo(expected);
    }

    /** A raw subscriber sees the exact QoS bits and packet ids the broker chose. */
    @Test
    void downgradedDeliveryCarriesMatchingHeaderAndPacketId() throws Exception {
        RawMqtt sub = clients.raw();
        assertThat(sub.connect("raw-sub", true, 30).returnCode()).isZero();
        assertThat(sub.subscribe(1, "qos/raw", 1).grantedQos()).containsExactly(1);
        Mqtt3BlockingClient pub = clients.hiveConnected("hive-pub");

        Clients.publish(pub, "qos/raw", "two", 2, false);
        Clients.publish(pub, "qos/raw", "zero", 0, false);

        RawMqtt.Packet first = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(first.qos()).isEqualTo(1);
        assertThat(first.packetId()).isNotZero();
        assertThat(first.payload()).isEqualTo("two");
        sub.send(RawMqtt.ackPacket(RawMqtt.PUBACK, first.packetId()));
        RawMqtt.Packet second = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(second.qos()).isZero();
        assertThat(second.payload()).isEqualTo("zero");
    }

    /**
     * QoS 2 from the publisher is exactly once: a PUBLISH resent with DUP before PUBREL (the
     * publisher never saw PUBREC) must not be routed a second time.
     */
    @Test
    void qos2ResendBeforePubrelIsDeliveredOnlyOnce() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "qos/once", 2);
        RawMqtt pub = clients.raw();
        assertThat(pub.connect("raw-pub", true, 30).returnCode()).isZero();

        pub.send(RawMqtt.publishPacket("qos/once", 2, false, false, 7, "exactly-once"));
        assertThat(pub.expect(RawMqtt.PUBREC, RECEIVE).ackId()).isEqualTo(7);
        pub.send(RawMqtt.publishPacket("qos/once", 2, false, true, 7, "exactly-once"));
        assertThat(pub.expect(RawMqtt.PUBREC, RECEIVE).ackId()).isEqualTo(7);
        pub.send(RawMqtt.ackPacket(RawMqtt.PUBREL, 7));
        assertThat(pub.expect(RawMqtt.PUBCOMP, RECEIVE).ackId()).isEqualTo(7);

        assertThat(text(next(publishes))).isEqualTo("exactly-once");
        Clients.assertNothing(publishes);
    }

    /** After PUBREL/PUBCOMP the packet id is free again: a new QoS 2 message with it is a new message. */
    @Test
    void qos2PacketIdReusedAfterPubcompIsANewMessage() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "qos/reuse", 2);
        RawMqtt pub = clients.raw();
        assertThat(pub.connect("raw-pub", true, 30).returnCode()).isZero();

        for (String payload : new String[] {"first", "second"}) {
            pub.send(RawMqtt.publishPacket("qos/reuse", 2, false, false, 5, payload));
            assertThat(pub.expect(RawMqtt.PUBREC, RECEIVE).ackId()).isEqualTo(5);
            pub.send(RawMqtt.ackPacket(RawMqtt.PUBREL, 5));
            assertThat(pub.expect(RawMqtt.PUBCOMP, RECEIVE).ackId()).isEqualTo(5);
        }

        assertThat(text(next(publishes))).isEqualTo("first");
        assertThat(text(next(publishes))).isEqualTo("second");
    }

    /** MQTT 3.1.1 has no "no local": a client subscribed to its own topic gets its own messages. */
    @Test
    void publisherSubscribedToItsOwnTopicReceivesItsMessages() throws Exception {
        PahoClient self = clients.pahoConnected("narcissus");
        self.subscribe("mirror", 1);

        self.publish("mirror", "me", 1, false);

        PahoClient.Received got = self.next(RECEIVE);
        assertThat(got.payload()).isEqualTo("me");
    }

    /** A QoS 1 PUBLISH from a client is acknowledged with PUBACK even when nobody subscribed. */
    @Test
    void publishWithoutSubscribersIsStillAcknowledged() throws Exception {
        RawMqtt pub = clients.raw();
        assertThat(pub.connect("raw-pub", true, 30).returnCode()).isZero();

        pub.send(RawMqtt.publishPacket("nobody/listens", 1, false, false, 11, "void"));
        RawMqtt.Packet puback = pub.expect(RawMqtt.PUBACK, RECEIVE);
        assertThat(puback.ackId()).isEqualTo(11);
        assertThat(puback.body()).as("3.1.1 PUBACK is just the packet id").hasSize(2);
        pub.send(RawMqtt.publishPacket("nobody/listens", 2, false, false, 12, "void"));
        RawMqtt.Packet pubrec = pub.expect(RawMqtt.PUBREC, RECEIVE);
        assertThat(pubrec.ackId()).isEqualTo(12);
        assertThat(pubrec.body()).hasSize(2);
    }

    /** 1000 QoS 1 messages from one publisher reach each subscriber complete and in publish order. */
    @Test
    void thousandQos1MessagesArriveInOrderAtEverySubscriber() throws Exception {
        int count = 1000;
        Mqtt3BlockingClient hiveSub = clients.hiveConnected("hive-sub");
        List<String> hiveGot = Collections.synchronizedList(new ArrayList<>());
        hiveSub.toAsync().subscribeWith().topicFilter("order/#").qos(Clients.qos(1))
                .callback(p -> hiveGot.add(text(p))).send().join();
        PahoClient pahoSub = clients.pahoConnected("paho-sub");
        pahoSub.subscribe("order/#", 1);

        Mqtt3BlockingClient pub = clients.hiveConnected("hive-pub");
        for (int i = 0; i < count; i++) {
            Clients.publish(pub, "order/seq", Integer.toString(i), 1, false);
        }

        List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> hiveGot.size() >= count && pahoSub.receivedCount() >= count);
        assertThat(hiveGot).containsExactlyElementsOf(expected);
        List<PahoClient.Received> pahoGot = pahoSub.drain();
        assertThat(pahoGot).extracting(PahoClient.Received::payload).containsExactlyElementsOf(expected);
        assertThat(pahoGot).allSatisfy(r -> assertThat(r.qos()).isEqualTo(1));
    }

    /** Same for QoS 2, published without waiting for each handshake (the client pipelines them). */
    @Test
    void pipelinedQos2MessagesArriveOnceEachInOrder() throws Exception {
        int count = 300;
        PahoClient sub = clients.pahoConnected("paho-sub");
        sub.subscribe("order2/x", 2);
        Mqtt3BlockingClient pub = clients.hiveConnected("hive-pub");
        var futures = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < count; i++) {
            futures.add(pub.toAsync().publishWith().topic("order2/x").qos(Clients.qos(2))
                    .payload(Integer.toString(i).getBytes()).send());
        }
        futures.forEach(java.util.concurrent.CompletableFuture::join);

        await().atMost(Duration.ofSeconds(10)).until(() -> sub.receivedCount() >= count);
        Thread.sleep(200); // a duplicate would arrive right behind
        assertThat(sub.drain()).extracting(PahoClient.Received::payload)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(Integer::toString).toList());
    }
}
