package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The per-client subscription limit is reported as Quota Exceeded (0x97) in SUBACK. */
class SubscriptionQuotaTest {

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.maxSubscriptionsPerClient = 2));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void subscriptionBeyondTheQuotaIsRefusedWithQuotaExceeded() throws Exception {
        RawMqtt5 raw = clients.raw("quota");
        raw.send(RawMqtt5.subscribePacket(1, new RawMqtt5.Props(), new String[] {"q/1", "q/2", "q/3"}, new int[] {1, 1, 1}));
        assertThat(raw.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5)).reasonCodes()).containsExactly(0x01, 0x01, 0x97);

        // Replacing an existing subscription does not need a new place.
        raw.subscribe(2, new RawMqtt5.Props(), "q/1", 2);
        assertThat(raw.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5)).reasonCodes()).containsExactly(0x02);
    }

    @Test
    void hiveMqClientSeesQuotaExceeded() {
        Mqtt5BlockingClient c = clients.hiveConnected("quota-hive");
        c.subscribeWith().topicFilter("q/a").qos(MqttQos.AT_LEAST_ONCE).send();
        c.subscribeWith().topicFilter("q/b").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5SubAckException refused = catchThrowableOfType(Mqtt5SubAckException.class,
                () -> c.subscribeWith().topicFilter("q/c").qos(MqttQos.AT_LEAST_ONCE).send());
        assertThat(refused).isNotNull();
        assertThat(refused.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);

        // After an unsubscribe there is room again.
        c.unsubscribeWith().topicFilter("q/a").send();
        assertThat(c.subscribeWith().topicFilter("q/c").qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }
}
