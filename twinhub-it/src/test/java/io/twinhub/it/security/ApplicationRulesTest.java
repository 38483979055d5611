package io.twinhub.it.security;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.twinhub.it.security.Logins.bytes;
import static io.twinhub.it.security.Logins.received;
import static io.twinhub.it.security.Logins.receivedQuietly;
import static org.assertj.core.api.Assertions.assertThat;

/** An application client gets exactly what its topic rules grant. */
class ApplicationRulesTest {

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    @RegisterExtension
    final Logins logins = new Logins(node);

    private static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes();
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes();
        }
    }

    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient c, String topic, String payload) {
        try {
            var r = (Mqtt5PublishResult.Mqtt5Qos1Result) c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(payload)).send();
            return r.getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void theRulesHoldForSubscribingAndPublishing() throws Exception {
        String deviceToken = node.node().devices().create("sensor-1", Map.of()).token();
        AccessRules rules = new AccessRules(
                List.of("$twin/things/+/commands/#", "apps/{username}/{clientId}/#"),
                List.of("$twin/things/+/telemetry", "apps/{username}/#"),
                List.of("sensor-*"));
        String secret = node.node().security().applications().create("dash", rules).secret();

        Mqtt5BlockingClient app = logins.connectedV5("dash-1", "dash", secret);
        var appInbox = logins.publishes(app);
        assertThat(subscribe(app, "$twin/things/+/telemetry")).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(app, "$twin/things/+/shadow/#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(app, "#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient device = logins.connectedV5("sensor-1", "sensor-1", deviceToken);
        var deviceInbox = logins.publishes(device);
        subscribe(device, "$twin/things/sensor-1/commands/#");

        // telemetry flows to the application
        publish(device, "$twin/things/sensor-1/telemetry", "{\"t\":21}");
        assertThat(received(appInbox)).isEqualTo("$twin/things/sensor-1/telemetry {\"t\":21}");
        // the device's shadow traffic does not (the application may not subscribe to it)
        publish(device, "$twin/things/sensor-1/shadow/update", "{}");
        assertThat(receivedQuietly(appInbox)).isEmpty();

        // commands go from the application to the device
        assertThat(publish(app, "$twin/things/sensor-1/commands/c1", "reboot")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(received(deviceInbox)).isEqualTo("$twin/things/sensor-1/commands/c1 reboot");
        // but not shadow updates in the device's name
        assertThat(publish(app, "$twin/things/sensor-1/shadow/update", "{}")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);

        // placeholders: its own client id's space only
        assertThat(publish(app, "apps/dash/dash-1/state", "x")).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(publish(app, "apps/dash/dash-2/state", "x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aWrongSecretOrUnknownApplicationIsRefused() {
        String secret = node.node().security().applications().create("dash", AccessRules.NONE).secret();
        assertThat(logins.connectV5(logins.v5("x"), "dash", secret + "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV5(logins.v5("x"), "other", secret)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV5(logins.v5("x"), "dash", secret)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }
}
