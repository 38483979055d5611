package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Reason codes in acknowledgements and in the broker's DISCONNECT. */
class ReasonCodesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    // ------------------------------------------------------------------ PUBACK / PUBREC / PUBCOMP

    @Test
    void qos1PublishWithoutSubscribersIsAcknowledgedWithNoMatchingSubscribers() {
        Mqtt5BlockingClient pub = clients.hiveConnected("rc-lonely");
        var result = (Mqtt5PublishResult.Mqtt5Qos1Result) pub.publishWith().topic("rc/nobody").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("x")).send();
        assertThat(result.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void qos1PublishWithASubscriberIsAcknowledgedWithSuccess() {
        clients.hiveSubscriber("rc-listener", "rc/somebody");
        Mqtt5BlockingClient pub = clients.hiveConnected("rc-heard");
        var result = (Mqtt5PublishResult.Mqtt5Qos1Result) pub.publishWith().topic("rc/somebody").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("x")).send();
        assertThat(result.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    @Test
    void qos2PublishWithoutSubscribersIsReceivedWithNoMatchingSubscribers() {
        Mqtt5BlockingClient pub = clients.hiveConnected("rc-lonely-2");
        var result = (Mqtt5PublishResult.Mqtt5Qos2Result) pub.publishWith().topic("rc/nobody").qos(MqttQos.EXACTLY_ONCE)
                .payload(bytes("x")).send();
        assertThat(result.getPubRec().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void pubrelForAnUnknownPacketIdIsAnsweredWithPacketIdentifierNotFound() throws Exception {
        RawMqtt5 raw = clients.raw("rc-stray-pubrel");
        raw.ack(RawMqtt5.PUBREL, 77);
        RawMqtt5.Packet comp = raw.expect(RawMqtt5.PUBCOMP, WAIT);
        assertThat(comp.packetId()).isEqualTo(77);
        assertThat(comp.ackReason()).isEqualTo(0x92);
    }

    // ------------------------------------------------------------------ SUBACK / UNSUBACK

    @Test
    void invalidTopicFilterIsRefusedWithTopicFilterInvalidWhileValidOnesInTheSamePacketAreGranted() throws Exception {
        RawMqtt5 raw = clients.raw("rc-bad-filter");
        raw.send(RawMqtt5.subscribePacket(3, new RawMqtt5.Props(),
                new String[] {"rc/ok/+", "a/#/b", "rc/also/#", "rc/x+"}, new int[] {1, 1, 2, 0}));
        RawMqtt5.Packet suback = raw.expect(RawMqtt5.SUBACK, WAIT);
        assertThat(suback.packetId()).isEqualTo(3);
        assertThat(suback.reasonCodes()).containsExactly(0x01, 0x8F, 0x02, 0x8F);

        // The connection goes on and the granted subscriptions work.
        clients.hiveConnected("rc-bad-filter-pub").publishWith().topic("rc/ok/1").payload(bytes("ok")).send();
        assertThat(raw.expect(RawMqtt5.PUBLISH, WAIT).asPublish().payloadText()).isEqualTo("ok");
    }

    @Test
    void malformedSharedSubscriptionFilterIsRefusedWithTopicFilterInvalid() throws Exception {
        RawMqtt5 raw = clients.raw("rc-bad-share");
        raw.send(RawMqtt5.subscribePacket(4, new RawMqtt5.Props(),
                new String[] {"$share/g+/t", "$share/g/"}, new int[] {1, 1}));
        assertThat(raw.expect(RawMqtt5.SUBACK, WAIT).reasonCodes()).containsExactly(0x8F, 0x8F);
    }

    @Test
    void grantedQosIsReportedPerFilter() {
        Mqtt5BlockingClient c = clients.hiveConnected("rc-granted");
        var suback = c.subscribeWith()
                .addSubscription().topicFilter("rc/q0").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .addSubscription().topicFilter("rc/q1").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("rc/q2").qos(MqttQos.EXACTLY_ONCE).applySubscription()
                .send();
        assertThat(suback.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0,
                Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.GRANTED_QOS_2);
    }

    @Test
    void unsubscribingAFilterNeverSubscribedGivesNoSubscriptionExisted() {
        Mqtt5BlockingClient c = clients.hiveConnected("rc-unsub");
        c.subscribeWith().topicFilter("rc/real").send();
        var unsuback = c.unsubscribeWith().addTopicFilter("rc/real").addTopicFilter("rc/imaginary").send();
        assertThat(unsuback.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);

        var again = c.unsubscribeWith().topicFilter("rc/real").send();
        assertThat(again.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);
    }

    // ------------------------------------------------------------------ DISCONNECT from the broker

    @Test
    void publishToATopicWithAWildcardIsDisconnectedWithTopicNameInvalid() throws Exception {
        RawMqtt5 raw = clients.raw("rc-wild-publish");
        raw.publish("a/+/b", 1, 1, false, new RawMqtt5.Props(), bytes("x"));
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x90);
    }

    @Test
    void publishToAHashTopicIsDisconnectedWithTopicNameInvalid() throws Exception {
        RawMqtt5 raw = clients.raw("rc-hash-publish");
        raw.publish("a/#", 0, 0, false, new RawMqtt5.Props(), bytes("x"));
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x90);
    }

    @Test
    void publishToATopicLongerThanTheBrokerAllowsIsDisconnectedWithTopicNameInvalid() throws Exception {
        RawMqtt5 raw = clients.raw("rc-long-topic");
        raw.publish("t/" + "x".repeat(2_000), 1, 1, false, new RawMqtt5.Props(), bytes("x"));
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x90);
    }

    @Test
    void publishWithAnEmptyTopicAndNoAliasIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw("rc-empty-topic");
        raw.publish("", 1, 1, false, new RawMqtt5.Props(), bytes("x"));
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }

    @Test
    void invalidPublishIsNotRouted() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("rc-watch-all", "#");
        RawMqtt5 raw = clients.raw("rc-invalid-routed");
        raw.publish("a/+/b", 1, 1, false, new RawMqtt5.Props(), bytes("bad"));
        raw.awaitDisconnect(WAIT);

        clients.hiveConnected("rc-valid").publishWith().topic("a/x/b").payload(bytes("good")).send();
        assertThat(text(sub.receive())).isEqualTo("good");
    }

    @Test
    void publishCarryingASubscriptionIdentifierIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw("rc-publish-subid");
        raw.publish("rc/t", 1, 1, false, new RawMqtt5.Props().varInt(RawMqtt5.SUBSCRIPTION_ID, 5), bytes("x"));
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw("rc-subid-zero");
        raw.subscribe(1, new RawMqtt5.Props().varInt(RawMqtt5.SUBSCRIPTION_ID, 0), "rc/t", 1);
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }

    @Test
    void secondConnectIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw("rc-double-connect");
        raw.send(new RawMqtt5.Connect("rc-double-connect").encode());
        assertThat(raw.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }
}
