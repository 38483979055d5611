package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.SILENCE;
import static io.twinhub.it.v3.Clients.assertNothing;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * cleanSession=0: subscriptions and undelivered messages outlive the connection, CONNACK says
 * so, and unacknowledged messages are sent again with DUP=1. cleanSession=1 starts from nothing.
 */
class PersistentSessionTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    private boolean connect(Mqtt3BlockingClient c, boolean cleanSession) {
        return c.connectWith().cleanSession(cleanSession).keepAlive(30).send().isSessionPresent();
    }

    @Test
    void sessionPresentFlagFollowsTheStoredSession() throws Exception {
        Mqtt3BlockingClient c = clients.hive("flags");
        assertThat(connect(c, false)).as("first persistent connect").isFalse();
        c.disconnect();
        assertThat(connect(c, false)).as("persistent session resumed").isTrue();
        c.disconnect();
        assertThat(connect(c, true)).as("clean session").isFalse();
        c.disconnect();
        assertThat(connect(c, false)).as("after a clean session discarded the state").isFalse();
        c.disconnect();
        assertThat(connect(c, true)).as("clean session on a stored session").isFalse();
    }

    @Test
    void sessionPresentSeenByPaho() throws Exception {
        PahoClient c = clients.paho("paho-flags");
        assertThat(c.connect(false)).isFalse();
        c.subscribe("x/y", 1);
        c.disconnect();
        PahoClient again = clients.paho("paho-flags");
        assertThat(again.connect(false)).isTrue();
    }

    @Test
    void subscriptionsSurviveReconnect() throws Exception {
        Mqtt3BlockingClient sub = clients.hive("keeper");
        var publishes = publishes(sub);
        connect(sub, false);
        Clients.subscribe(sub, "kept/+", 1);
        sub.disconnect();
        clients.awaitOffline("keeper");

        assertThat(connect(sub, false)).isTrue();
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "kept/1", "still subscribed", 1, false);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("still subscribed");
        assertThat(got.getQos().getCode()).isEqualTo(1);
    }

    @Test
    void qos1And2MessagesPublishedWhileOfflineAreDeliveredInOrderOnReconnect() throws Exception {
        Mqtt3BlockingClient sub = clients.hive("offline-sub");
        var publishes = publishes(sub);
        connect(sub, false);
        Clients.subscribe(sub, "inbox/#", 2);
        sub.disconnect();
        clients.awaitOffline("offline-sub");

        PahoClient pub = clients.pahoConnected("pub");
        for (int i = 0; i < 10; i++) {
            pub.publish("inbox/n", "msg-" + i, i % 2 == 0 ? 1 : 2, false);
        }

        assertThat(connect(sub, false)).isTrue();
        for (int i = 0; i < 10; i++) {
            Mqtt3Publish got = next(publishes);
            assertThat(text(got)).isEqualTo("msg-" + i);
            assertThat(got.getQos().getCode()).isEqualTo(i % 2 == 0 ? 1 : 2);
            assertThat(got.isRetain()).isFalse();
        }
        assertNothing(publishes);
    }

    @Test
    void qos0MessagesPublishedWhileOfflineAreAlsoQueued() throws Exception {
        PahoClient sub = clients.paho("offline-sub");
        sub.connect(false);
        sub.subscribe("q0/#", 0);
        sub.disconnect();
        clients.awaitOffline("offline-sub");

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "q0/a", "zero-1", 0, false);
        Clients.publish(pub, "q0/a", "one", 1, false);
        Clients.publish(pub, "q0/a", "zero-2", 0, false);
        Clients.publish(pub, "marker", "sync", 1, false); // QoS 1 round trip: the QoS 0 ones were routed

        PahoClient back = clients.paho("offline-sub");
        assertThat(back.connect(false)).isTrue();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PahoClient.Received r = back.next(RECEIVE);
            assertThat(r.qos()).as("granted QoS 0 caps every message").isZero();
            got.add(r.payload());
        }
        assertThat(got).containsExactly("zero-1", "one", "zero-2");
    }

    @Test
    void offlineMessagesAreDeliveredAtTheSubscriptionQos() throws Exception {
        RawMqtt sub = clients.raw();
        assertThat(sub.connect("raw-sub", false, 30).sessionPresent()).isFalse();
        sub.subscribe(1, "cap/x", 1);
        sub.send(RawMqtt.disconnect());
        sub.awaitClosed(RECEIVE);
        clients.awaitOffline("raw-sub");

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "cap/x", "two", 2, false);

        RawMqtt back = clients.raw();
        assertThat(back.connect("raw-sub", false, 30).sessionPresent()).isTrue();
        RawMqtt.Packet p = back.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(p.payload()).isEqualTo("two");
        assertThat(p.qos()).isEqualTo(1);
        assertThat(p.dup()).isFalse();
    }

    @Test
    void manyOfflineMessagesAreDeliveredInOrderBeyondTheInflightWindow() throws Exception {
        int count = 500; // several times the default in-flight window of 64
        PahoClient sub = clients.paho("backlog");
        sub.connect(false);
        sub.subscribe("backlog", 1);
        sub.disconnect();
        clients.awaitOffline("backlog");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        for (int i = 0; i < count; i++) {
            Clients.publish(pub, "backlog", Integer.toString(i), 1, false);
        }

        Mqtt3BlockingClient back = clients.hive("backlog");
        List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
        back.toAsync().publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> got.add(text(p)));
        assertThat(connect(back, false)).isTrue();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> got.size() >= count);
        assertThat(got).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList());
    }

    @Test
    void inboundQos2StateSurvivesReconnectSoAResendIsNotRoutedTwice() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "in2", 2);
        RawMqtt pub = clients.raw();
        pub.connect("raw-pub", false, 30);
        pub.send(RawMqtt.publishPacket("in2", 2, false, false, 33, "once only"));
        assertThat(pub.expect(RawMqtt.PUBREC, RECEIVE).ackId()).isEqualTo(33);
        pub.kill(); // as if PUBREC had been lost
        clients.awaitOffline("raw-pub");
        assertThat(text(next(publishes))).isEqualTo("once only");

        RawMqtt again = clients.raw();
        assertThat(again.connect("raw-pub", false, 30).sessionPresent()).isTrue();
        again.send(RawMqtt.publishPacket("in2", 2, false, true, 33, "once only"));
        assertThat(again.expect(RawMqtt.PUBREC, RECEIVE).ackId()).isEqualTo(33);
        again.send(RawMqtt.ackPacket(RawMqtt.PUBREL, 33));
        assertThat(again.expect(RawMqtt.PUBCOMP, RECEIVE).ackId()).isEqualTo(33);

        assertNothing(publishes);
    }

    @Test
    void liveMessagesAfterReconnectFollowTheQueuedOnes() throws Exception {
        PahoClient sub = clients.paho("order-sub");
        sub.connect(false);
        sub.subscribe("ord", 1);
        sub.disconnect();
        clients.awaitOffline("order-sub");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        for (int i = 0; i < 5; i++) {
            Clients.publish(pub, "ord", "queued-" + i, 1, false);
        }

        PahoClient back = clients.paho("order-sub");
        back.connect(false);
        for (int i = 0; i < 5; i++) {
            Clients.publish(pub, "ord", "live-" + i, 1, false);
        }

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            got.add(back.next(RECEIVE).payload());
        }
        assertThat(got).containsExactly("queued-0", "queued-1", "queued-2", "queued-3", "queued-4",
                "live-0", "live-1", "live-2", "live-3", "live-4");
    }

    @Test
    void cleanSessionDiscardsStoredSubscriptionsAndMessages() throws Exception {
        PahoClient sub = clients.paho("discard-me");
        sub.connect(false);
        sub.subscribe("d/#", 1);
        sub.disconnect();
        clients.awaitOffline("discard-me");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "d/1", "queued", 1, false);

        PahoClient clean = clients.paho("discard-me");
        assertThat(clean.connect(true)).isFalse();
        Clients.publish(pub, "d/2", "after clean start", 1, false);

        assertThat(clean.poll(SILENCE)).as("neither queued messages nor the old subscription").isEmpty();
    }

    @Test
    void cleanSessionSubscriptionsDoNotOutliveTheConnection() throws Exception {
        Mqtt3BlockingClient sub = clients.hive("short-lived");
        connect(sub, true);
        Clients.subscribe(sub, "gone/#", 1);
        sub.disconnect();
        clients.awaitOffline("short-lived");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "gone/1", "while away", 1, false);

        var publishes = publishes(sub); // HiveMQ ends the previous stream with the clean session
        assertThat(connect(sub, false)).isFalse();
        Clients.publish(pub, "gone/2", "after", 1, false);

        assertNothing(publishes);
    }

    // ---------------------------------------------------------------- redelivery of unacknowledged messages

    @Test
    void unacknowledgedQos1MessageIsRedeliveredWithDupToPaho() throws Exception {
        PahoClient sub = clients.paho("no-ack");
        sub.setManualAcks(true);
        sub.connect(false);
        sub.subscribe("redeliver/p", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "redeliver/p", "ack me", 1, false);
        PahoClient.Received first = sub.next(RECEIVE);
        assertThat(first.duplicate()).isFalse();

        sub.killConnection(); // never acknowledged
        clients.awaitOffline("no-ack");

        PahoClient back = clients.paho("no-ack");
        assertThat(back.connect(false)).isTrue();
        PahoClient.Received again = back.next(RECEIVE);
        assertThat(again.payload()).isEqualTo("ack me");
        assertThat(again.qos()).isEqualTo(1);
        assertThat(again.duplicate()).as("DUP flag").isTrue();
        assertThat(again.id()).as("same packet id").isEqualTo(first.id());
    }

    @Test
    void unacknowledgedMessagesAreResentWithSamePacketIdsThenQueuedOnesFollow() throws Exception {
        RawMqtt sub = clients.raw();
        assertThat(sub.connect("raw-sub", false, 30).returnCode()).isZero();
        sub.subscribe(1, "r/#", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        for (int i = 0; i < 3; i++) {
            Clients.publish(pub, "r/x", "m" + i, 1, false);
        }
        List<RawMqtt.Packet> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(sub.expect(RawMqtt.PUBLISH, RECEIVE));
        }
        assertThat(first).allSatisfy(p -> assertThat(p.dup()).isFalse());
        sub.send(RawMqtt.ackPacket(RawMqtt.PUBACK, first.get(0).packetId())); // only m0 acknowledged
        sub.send(RawMqtt.pingreq());
        sub.expect(RawMqtt.PINGRESP, RECEIVE); // the PUBACK has been processed
        sub.kill();
        clients.awaitOffline("raw-sub");
        Clients.publish(pub, "r/x", "m3", 1, false);

        RawMqtt back = clients.raw();
        RawMqtt.Packet connack = back.connect("raw-sub", false, 30);
        assertThat(connack.sessionPresent()).isTrue();
        List<RawMqtt.Packet> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            again.add(back.expect(RawMqtt.PUBLISH, RECEIVE));
        }
        assertThat(again).extracting(RawMqtt.Packet::payload).containsExactly("m1", "m2", "m3");
        assertThat(again.get(0).dup()).isTrue();
        assertThat(again.get(0).packetId()).isEqualTo(first.get(1).packetId());
        assertThat(again.get(1).dup()).isTrue();
        assertThat(again.get(1).packetId()).isEqualTo(first.get(2).packetId());
        assertThat(again.get(2).dup()).as("m3 was never sent before").isFalse();
        for (RawMqtt.Packet p : again) {
            back.send(RawMqtt.ackPacket(RawMqtt.PUBACK, p.packetId()));
        }
        back.send(RawMqtt.pingreq());
        back.expect(RawMqtt.PINGRESP, RECEIVE);
        back.kill();
        clients.awaitOffline("raw-sub");

        // Everything acknowledged: a third connection gets nothing.
        RawMqtt third = clients.raw();
        assertThat(third.connect("raw-sub", false, 30).sessionPresent()).isTrue();
        List<RawMqtt.Packet> extra = new ArrayList<>();
        third.send(RawMqtt.pingreq());
        third.expect(RawMqtt.PINGRESP, RECEIVE, extra);
        assertThat(extra).isEmpty();
    }

    @Test
    void qos2PublishWithoutPubrecIsResentWithDup() throws Exception {
        RawMqtt sub = clients.raw();
        sub.connect("raw-sub", false, 30);
        sub.subscribe(1, "q2", 2);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "q2", "exactly", 2, false);
        RawMqtt.Packet first = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(first.qos()).isEqualTo(2);
        sub.kill();
        clients.awaitOffline("raw-sub");

        RawMqtt back = clients.raw();
        assertThat(back.connect("raw-sub", false, 30).sessionPresent()).isTrue();
        RawMqtt.Packet again = back.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(again.payload()).isEqualTo("exactly");
        assertThat(again.qos()).isEqualTo(2);
        assertThat(again.dup()).isTrue();
        assertThat(again.packetId()).isEqualTo(first.packetId());
    }

    @Test
    void qos2PubrelIsResentAfterReconnectInsteadOfThePublish() throws Exception {
        RawMqtt sub = clients.raw();
        sub.connect("raw-sub", false, 30);
        sub.subscribe(1, "q2", 2);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "q2", "exactly", 2, false);
        RawMqtt.Packet publish = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        sub.send(RawMqtt.ackPacket(RawMqtt.PUBREC, publish.packetId()));
        assertThat(sub.expect(RawMqtt.PUBREL, RECEIVE).ackId()).isEqualTo(publish.packetId());
        sub.kill(); // PUBCOMP never sent
        clients.awaitOffline("raw-sub");

        RawMqtt back = clients.raw();
        assertThat(back.connect("raw-sub", false, 30).sessionPresent()).isTrue();
        List<RawMqtt.Packet> before = new ArrayList<>();
        RawMqtt.Packet pubrel = back.expect(RawMqtt.PUBREL, RECEIVE, before);
        assertThat(pubrel.ackId()).isEqualTo(publish.packetId());
        assertThat(pubrel.flags()).as("PUBREL fixed header flags").isEqualTo(0x02);
        assertThat(before).as("the message itself is not sent again").isEmpty();
        back.send(RawMqtt.ackPacket(RawMqtt.PUBCOMP, publish.packetId()));
        back.send(RawMqtt.pingreq());
        List<RawMqtt.Packet> after = new ArrayList<>();
        back.expect(RawMqtt.PINGRESP, RECEIVE, after);
        assertThat(after).isEmpty();
    }
}
