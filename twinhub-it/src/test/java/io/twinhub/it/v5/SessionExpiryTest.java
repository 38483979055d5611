package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Clean Start and Session Expiry Interval: what survives a reconnect, and for how long. */
class SessionExpiryTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private Mqtt5BlockingClient subscribeAndLeave(String id, String filter, long expiry) {
        Mqtt5BlockingClient c = clients.hive(id);
        Mqtt5ConnAck ack = c.connectWith().cleanStart(true).sessionExpiryInterval(expiry).send();
        assertThat(ack.isSessionPresent()).isFalse();
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();
        return c;
    }

    private Mqtt5PublishResult.Mqtt5Qos1Result publish(Mqtt5BlockingClient pub, String topic, String payload) {
        return (Mqtt5PublishResult.Mqtt5Qos1Result) pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes(payload)).send();
    }

    @Test
    void sessionWithZeroExpiryIsGoneAfterDisconnect() throws Exception {
        subscribeAndLeave("zero", "se/zero", 0);
        Mqtt5BlockingClient pub = clients.hiveConnected("zero-pub");

        Mqtt5BlockingClient again = clients.hive("zero");
        var publishes = clients.publishes(again);
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isFalse();

        // The old subscription went with the session.
        publish(pub, "se/zero", "after");
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
    }

    @Test
    void sessionWithExpiryKeepsSubscriptionsAndQueuedMessagesAcrossReconnect() throws Exception {
        subscribeAndLeave("keeper", "se/keep", 30);
        Mqtt5BlockingClient pub = clients.hiveConnected("keeper-pub");
        for (int i = 1; i <= 3; i++) {
            // The offline session still has a matching subscription.
            assertThat(publish(pub, "se/keep", "m" + i).getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        }

        Mqtt5BlockingClient again = clients.hive("keeper");
        var publishes = clients.publishes(again);
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(30).send();
        assertThat(ack.isSessionPresent()).isTrue();

        for (int i = 1; i <= 3; i++) {
            var got = Clients.receive(publishes);
            assertThat(got.getTopic().toString()).isEqualTo("se/keep");
            assertThat(text(got)).isEqualTo("m" + i);
            assertThat(got.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        }
        // And the subscription itself is live again without re-subscribing.
        publish(pub, "se/keep", "live");
        assertThat(text(Clients.receive(publishes))).isEqualTo("live");
    }

    @Test
    void cleanStartDiscardsAnExistingSession() throws Exception {
        subscribeAndLeave("restart", "se/restart", 30);
        Mqtt5BlockingClient pub = clients.hiveConnected("restart-pub");
        publish(pub, "se/restart", "queued");

        Mqtt5BlockingClient again = clients.hive("restart");
        var publishes = clients.publishes(again);
        Mqtt5ConnAck ack = again.connectWith().cleanStart(true).sessionExpiryInterval(30).send();
        assertThat(ack.isSessionPresent()).isFalse();
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
    }

    @Test
    void sessionIsGoneOnceItsExpiryIntervalHasElapsed() throws Exception {
        subscribeAndLeave("shortlived", "se/short", 1);
        Mqtt5BlockingClient pub = clients.hiveConnected("shortlived-pub");
        publish(pub, "se/short", "queued");

        Thread.sleep(2_200);

        Mqtt5BlockingClient again = clients.hive("shortlived");
        var publishes = clients.publishes(again);
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(30).send();
        assertThat(ack.isSessionPresent()).isFalse();
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
        publish(pub, "se/short", "after");
        assertThat(Clients.receiveQuietly(publishes)).isEmpty();
    }

    @Test
    void disconnectWithZeroExpiryEndsASessionThatWouldHaveLasted() throws Exception {
        Mqtt5BlockingClient c = clients.hive("shorten");
        c.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        c.subscribeWith().topicFilter("se/shorten").qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnectWith().sessionExpiryInterval(0).send();

        Mqtt5BlockingClient again = clients.hive("shorten");
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        assertThat(ack.isSessionPresent()).isFalse();
    }

    @Test
    void disconnectWithLongerExpiryExtendsTheSession() throws Exception {
        Mqtt5BlockingClient c = clients.hive("extend");
        c.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        c.subscribeWith().topicFilter("se/extend").qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnectWith().sessionExpiryInterval(60).send();

        Mqtt5BlockingClient pub = clients.hiveConnected("extend-pub");
        publish(pub, "se/extend", "kept");
        Thread.sleep(2_000);  // longer than the expiry given in CONNECT

        Mqtt5BlockingClient again = clients.hive("extend");
        var publishes = clients.publishes(again);
        Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isTrue();
        assertThat(text(Clients.receive(publishes))).isEqualTo("kept");
    }

    @Test
    void disconnectSettingExpiryAfterConnectWithZeroIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw(new RawMqtt5.Connect("zero-then-some"));
        raw.subscribe(1, new RawMqtt5.Props(), "se/violate", 1);
        raw.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5));

        raw.disconnect(0, new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, 60));
        assertThat(raw.awaitDisconnect(Duration.ofSeconds(5))).isEqualTo(0x82);

        // The invalid DISCONNECT did not turn the session into a persistent one.
        Mqtt5ConnAck ack = clients.hive("zero-then-some").connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isFalse();
    }

    private static RawMqtt5.Connect resumable(String id) {
        return new RawMqtt5.Connect(id).cleanStart(false).props(new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, 60));
    }

    @Test
    void unacknowledgedQos1MessageIsResentWithDupAndItsPacketIdentifierOnResume() throws Exception {
        RawMqtt5 first = clients.raw(resumable("dup-1"));
        first.subscribe(1, new RawMqtt5.Props(), "se/dup1", 1);
        first.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5));
        clients.hiveConnected("dup-1-pub").publishWith().topic("se/dup1").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("unacked")).send();
        RawMqtt5.Packet original = first.expect(RawMqtt5.PUBLISH, Duration.ofSeconds(5));
        assertThat(original.dup()).isFalse();
        int packetId = original.asPublish().packetId();
        first.abort();  // never acknowledged

        RawMqtt5 second = clients.rawUnconnected();
        RawMqtt5.Packet ack = second.sendConnect(resumable("dup-1"));
        assertThat(ack.connAckReason()).isZero();
        assertThat(ack.sessionPresent()).isTrue();
        RawMqtt5.Packet resent = second.expect(RawMqtt5.PUBLISH, Duration.ofSeconds(5));
        assertThat(resent.dup()).isTrue();
        assertThat(resent.asPublish().packetId()).isEqualTo(packetId);
        assertThat(resent.asPublish().payloadText()).isEqualTo("unacked");
        second.ack(RawMqtt5.PUBACK, packetId);
        assertThat(second.poll(Clients.QUIET)).isEmpty();
    }

    @Test
    void pubrelOfAnUncompletedQos2DeliveryIsResentOnResume() throws Exception {
        RawMqtt5 first = clients.raw(resumable("dup-2"));
        first.subscribe(1, new RawMqtt5.Props(), "se/dup2", 2);
        first.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5));
        clients.hiveConnected("dup-2-pub").publishWith().topic("se/dup2").qos(MqttQos.EXACTLY_ONCE)
                .payload(bytes("twice?")).send();
        RawMqtt5.Publish publish = first.expect(RawMqtt5.PUBLISH, Duration.ofSeconds(5)).asPublish();
        assertThat(publish.qos()).isEqualTo(2);
        first.ack(RawMqtt5.PUBREC, publish.packetId());
        assertThat(first.expect(RawMqtt5.PUBREL, Duration.ofSeconds(5)).packetId()).isEqualTo(publish.packetId());
        first.abort();  // PUBCOMP never sent

        RawMqtt5 second = clients.rawUnconnected();
        assertThat(second.sendConnect(resumable("dup-2")).sessionPresent()).isTrue();
        RawMqtt5.Packet next = second.next(Duration.ofSeconds(5));
        assertThat(next.type()).as("PUBREL, not the message again").isEqualTo(RawMqtt5.PUBREL);
        assertThat(next.packetId()).isEqualTo(publish.packetId());
        second.ack(RawMqtt5.PUBCOMP, publish.packetId());
        assertThat(second.poll(Clients.QUIET)).isEmpty();
    }
}
