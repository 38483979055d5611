package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Message Expiry Interval: expired messages are not delivered; delivered ones carry what is left. */
class MessageExpiryTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private void leaveSubscribed(String id, String filter) {
        Mqtt5BlockingClient c = clients.hive(id);
        c.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();
    }

    private Mqtt5BlockingClient.Mqtt5Publishes resume(String id) {
        Mqtt5BlockingClient c = clients.hive(id);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(c);
        assertThat(c.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent()).isTrue();
        return publishes;
    }

    private static void publish(Mqtt5BlockingClient pub, String topic, String payload, Long expiry, boolean retain) {
        var b = pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(bytes(payload));
        if (expiry != null) {
            b.messageExpiryInterval(expiry);
        }
        b.send();
    }

    @Test
    void messageThatExpiresWhileQueuedIsNotDelivered() throws Exception {
        leaveSubscribed("exp-offline", "exp/q");
        Mqtt5BlockingClient pub = clients.hiveConnected("exp-offline-pub");
        publish(pub, "exp/q", "short", 1L, false);
        publish(pub, "exp/q", "long", 60L, false);
        publish(pub, "exp/q", "forever", null, false);

        Thread.sleep(2_000);

        Mqtt5BlockingClient.Mqtt5Publishes publishes = resume("exp-offline");
        List<String> got = new ArrayList<>();
        List<Mqtt5Publish> messages = new ArrayList<>();
        for (Optional<Mqtt5Publish> p; (p = Clients.receiveQuietly(publishes)).isPresent(); ) {
            got.add(text(p.get()));
            messages.add(p.get());
        }
        assertThat(got).containsExactly("long", "forever");
        assertThat(messages.get(0).getMessageExpiryInterval()).as("message expiry interval").isPresent();
        assertThat(messages.get(0).getMessageExpiryInterval().getAsLong()).isBetween(1L, 59L);
        assertThat(messages.get(1).getMessageExpiryInterval()).isEmpty();
    }

    @Test
    void liveDeliveryCarriesAnExpiryNoLargerThanTheOriginal() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("exp-live", "exp/live");
        publish(clients.hiveConnected("exp-live-pub"), "exp/live", "x", 30L, false);

        Mqtt5Publish got = sub.receive();
        assertThat(got.getMessageExpiryInterval()).as("message expiry interval").isPresent();
        assertThat(got.getMessageExpiryInterval().getAsLong()).isBetween(1L, 30L);
    }

    @Test
    void queuedDeliveryCarriesTheRemainingExpiry() throws Exception {
        leaveSubscribed("exp-remaining", "exp/rem");
        publish(clients.hiveConnected("exp-remaining-pub"), "exp/rem", "x", 10L, false);

        Thread.sleep(1_500);

        Mqtt5Publish got = Clients.receive(resume("exp-remaining"));
        // 10 s minus the 1.5 s it waited: at most 9 when rounded up.
        assertThat(got.getMessageExpiryInterval()).as("message expiry interval").isPresent();
        assertThat(got.getMessageExpiryInterval().getAsLong()).isBetween(1L, 9L);
    }

    @Test
    void expiredRetainedMessageIsNotSentToNewSubscribers() throws Exception {
        Mqtt5BlockingClient pub = clients.hiveConnected("exp-retained-pub");
        publish(pub, "exp/ret", "stale", 1L, true);

        Thread.sleep(2_000);

        Clients.Subscriber sub = clients.hiveSubscriber("exp-retained", "exp/ret");
        publish(pub, "exp/ret", "marker", null, false);
        assertThat(text(sub.receive())).isEqualTo("marker");
    }

    @Test
    void retainedMessageCarriesItsRemainingExpiry() throws Exception {
        Mqtt5BlockingClient pub = clients.hiveConnected("exp-retained-left-pub");
        publish(pub, "exp/left", "kept", 10L, true);

        Thread.sleep(1_500);

        Mqtt5Publish got = clients.hiveSubscriber("exp-retained-left", "exp/left").receive();
        assertThat(text(got)).isEqualTo("kept");
        assertThat(got.isRetain()).isTrue();
        assertThat(got.getMessageExpiryInterval()).as("message expiry interval").isPresent();
        assertThat(got.getMessageExpiryInterval().getAsLong()).isBetween(1L, 9L);
    }
}
