package io.twinhub.it.security;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.twinhub.it.security.Logins.bytes;
import static io.twinhub.it.security.Logins.received;
import static io.twinhub.it.security.Logins.receivedQuietly;
import static org.assertj.core.api.Assertions.assertThat;

/** Device A stays inside its own thing's topics: it can neither read nor write device B's. */
class TopicIsolationTest {

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    @RegisterExtension
    final Logins logins = new Logins(node);

    private String tokenA;
    private String tokenB;

    @BeforeEach
    void devices() {
        tokenA = node.node().devices().create("dev-a", Map.of()).token();
        tokenB = node.node().devices().create("dev-b", Map.of()).token();
    }

    private static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes();
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes();
        }
    }

    private static List<Mqtt3SubAckReturnCode> subscribe(Mqtt3BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes();
        } catch (Mqtt3SubAckException e) {
            return e.getMqttMessage().getReturnCodes();
        }
    }

    private static Mqtt5PubAckReasonCode publishQos1(Mqtt5BlockingClient c, String topic, String payload) {
        try {
            var r = (Mqtt5PublishResult.Mqtt5Qos1Result) c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(payload)).send();
            return r.getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static Mqtt5PubRecReasonCode publishQos2(Mqtt5BlockingClient c, String topic, String payload) {
        try {
            var r = (Mqtt5PublishResult.Mqtt5Qos2Result) c.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes(payload)).send();
            return r.getPubRec().getReasonCode();
        } catch (Mqtt5PubRecException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void mqtt5SubscriptionsOutsideTheOwnThingAreNotAuthorized() {
        Mqtt5BlockingClient a = logins.connectedV5("dev-a", "dev-a", tokenA);
        assertThat(subscribe(a, "$twin/things/dev-b/#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(a, "$twin/things/+/telemetry")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(a, "#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(a, "$share/g/$aws/things/dev-b/#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(a, "$twin/things/dev-a/#")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(a, "$aws/things/dev-a/shadow/+")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @Test
    void mqtt311SubscriptionsOutsideTheOwnThingFail() {
        Mqtt3BlockingClient a = logins.connectedV3("dev-a", "dev-a", tokenA);
        assertThat(subscribe(a, "$twin/things/dev-b/#")).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(a, "$twin/things/dev-a/#")).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
    }

    @Test
    void mqtt5PublishesIntoAnotherThingAreRefusedAndNeverDelivered() throws Exception {
        Mqtt5BlockingClient b = logins.connectedV5("dev-b", "dev-b", tokenB);
        var bInbox = logins.publishes(b);
        // everything of B's but its presence document, which the hub publishes (retained) on its own
        for (String filter : new String[] {"$twin/things/dev-b/commands/#", "$twin/things/dev-b/shadow/#",
                "$twin/things/dev-b/telemetry"}) {
            assertThat(subscribe(b, filter)).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        }

        Mqtt5BlockingClient a = logins.connectedV5("dev-a", "dev-a", tokenA);
        assertThat(publishQos1(a, "$twin/things/dev-b/commands/x", "from-a-1")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishQos2(a, "$twin/things/dev-b/shadow/update", "from-a-2")).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
        a.publishWith().topic("$twin/things/dev-b/telemetry").payload(bytes("{\"from\":\"a\"}")).send();
        assertThat(receivedQuietly(bInbox)).isEmpty();

        // A's own topic works, and the connection survived the refusals
        assertThat(publishQos1(a, "$twin/things/dev-a/telemetry", "{\"own\":1}")).isIn(
                Mqtt5PubAckReasonCode.SUCCESS, Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        // B still gets what is its own
        assertThat(publishQos1(b, "$twin/things/dev-b/telemetry", "{\"b\":1}")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(received(bInbox)).isEqualTo("$twin/things/dev-b/telemetry {\"b\":1}");
        assertThat(node.node().broker().metrics().publishesDenied.sum()).isEqualTo(3);
    }

    @Test
    void eachPublishIsCheckedAgainstItsOwnTopicWhenTopicsAlternate() throws Exception {
        Mqtt5BlockingClient b = logins.connectedV5("dev-b", "dev-b", tokenB);
        var bInbox = logins.publishes(b);
        assertThat(subscribe(b, "$twin/things/dev-b/commands/#")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        Mqtt5BlockingClient a = logins.connectedV5("dev-a", "dev-a", tokenA);
        var aInbox = logins.publishes(a);
        assertThat(subscribe(a, "$twin/things/dev-a/events/#")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

        // the same topic twice in a row, then another, then back: a verdict never carries over
        String own = "$twin/things/dev-a/events/note";
        String foreign = "$twin/things/dev-b/commands/x";
        assertThat(publishQos1(a, own, "1")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(publishQos1(a, own, "2")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(publishQos1(a, foreign, "3")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishQos1(a, foreign, "4")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishQos1(a, own, "5")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(publishQos1(a, "$twin/things/dev-a/presence", "6")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishQos1(a, foreign, "7")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publishQos1(a, own, "8")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

        for (String payload : new String[] {"1", "2", "5", "8"}) {
            assertThat(received(aInbox)).isEqualTo(own + " " + payload);
        }
        assertThat(receivedQuietly(aInbox)).isEmpty();
        assertThat(receivedQuietly(bInbox)).isEmpty();
        assertThat(node.node().broker().metrics().publishesDenied.sum()).isEqualTo(4);
    }

    @Test
    void mqtt311PublishesIntoAnotherThingAreAcknowledgedButDropped() throws Exception {
        Mqtt3BlockingClient b = logins.connectedV3("dev-b", "dev-b", tokenB);
        var bInbox = logins.publishes(b);
        subscribe(b, "$twin/things/dev-b/commands/#");
        subscribe(b, "$twin/things/dev-b/telemetry");

        Mqtt3BlockingClient a = logins.connectedV3("dev-a", "dev-a", tokenA);
        for (int qos = 0; qos <= 2; qos++) {
            // 3.1.1 has no negative acknowledgement: the client is not stalled, the message is gone
            a.publishWith().topic("$twin/things/dev-b/commands/x").qos(Logins.qos(qos)).payload(bytes("from-a-" + qos)).send();
        }
        assertThat(receivedQuietly(bInbox)).isEmpty();
        assertThat(a.getState().isConnected()).isTrue();
        a.publishWith().topic("$twin/things/dev-a/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"own\":1}")).send();
        b.publishWith().topic("$twin/things/dev-b/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"b\":1}")).send();
        assertThat(received(bInbox)).isEqualTo("$twin/things/dev-b/telemetry {\"b\":1}");
        assertThat(node.node().broker().metrics().publishesDenied.sum()).isEqualTo(3);
    }

    @Test
    void aWillIntoAnotherThingIsRefusedAtConnect() {
        var v5 = logins.v5("dev-a");
        var code = v5.connectWith().simpleAuth().username("dev-a").password(bytes(tokenA)).applySimpleAuth()
                .willPublish().topic("$twin/things/dev-b/presence").payload(bytes("gone")).applyWillPublish();
        try {
            code.send();
            throw new AssertionError("connected with a will into another thing");
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode())
                    .isEqualTo(com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        }
        var v3 = logins.v3("dev-a");
        try {
            v3.connectWith().simpleAuth().username("dev-a").password(bytes(tokenA)).applySimpleAuth()
                    .willPublish().topic("$twin/things/dev-b/presence").payload(bytes("gone")).applyWillPublish().send();
            throw new AssertionError("connected with a will into another thing");
        } catch (com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException e) {
            assertThat(e.getMqttMessage().getReturnCode())
                    .isEqualTo(com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        }
    }
}
