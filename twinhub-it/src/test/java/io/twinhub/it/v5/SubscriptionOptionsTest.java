package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** No Local, Retain As Published and Retain Handling, as a subscriber observes them. */
class SubscriptionOptionsTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private record Client(Mqtt5BlockingClient client, Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        void publish(String topic, String payload, boolean retain) {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(bytes(payload)).send();
        }

        Mqtt5Publish receive() throws InterruptedException {
            return Clients.receive(publishes);
        }
    }

    private Client connected(String id) {
        Mqtt5BlockingClient c = clients.hive(id);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(c);
        c.connect();
        return new Client(c, publishes);
    }

    // ------------------------------------------------------------------ No Local

    @Test
    void noLocalSuppressesTheSubscribersOwnMessages() throws Exception {
        Client self = connected("nl-self");
        self.client().subscribeWith().topicFilter("nl/t").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
        Clients.Subscriber witness = clients.hiveSubscriber("nl-witness", "nl/t");

        self.publish("nl/t", "own", false);
        assertThat(text(witness.receive())).isEqualTo("own");   // it was routed
        connected("nl-other").publish("nl/t", "foreign", false);

        // Had "own" been delivered it would have come first: the session's queue is FIFO.
        assertThat(text(self.receive())).isEqualTo("foreign");
        assertThat(Clients.receiveQuietly(self.publishes())).isEmpty();
    }

    @Test
    void withoutNoLocalTheSubscriberGetsItsOwnMessages() throws Exception {
        Client self = connected("local-self");
        self.client().subscribeWith().topicFilter("local/t").qos(MqttQos.AT_LEAST_ONCE).noLocal(false).send();

        self.publish("local/t", "own", false);
        assertThat(text(self.receive())).isEqualTo("own");
    }

    // ------------------------------------------------------------------ Retain As Published

    @Test
    void retainAsPublishedKeepsTheRetainFlagOnLiveDelivery() throws Exception {
        Client keeps = connected("rap-keeps");
        keeps.client().subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
        Client clears = connected("rap-clears");
        clears.client().subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(false).send();
        Client pub = connected("rap-pub");

        pub.publish("rap/t", "retained", true);
        pub.publish("rap/t", "plain", false);

        Mqtt5Publish k1 = keeps.receive();
        Mqtt5Publish k2 = keeps.receive();
        assertThat(text(k1)).isEqualTo("retained");
        assertThat(k1.isRetain()).isTrue();
        assertThat(text(k2)).isEqualTo("plain");
        assertThat(k2.isRetain()).isFalse();

        Mqtt5Publish c1 = clears.receive();
        Mqtt5Publish c2 = clears.receive();
        assertThat(text(c1)).isEqualTo("retained");
        assertThat(c1.isRetain()).isFalse();
        assertThat(text(c2)).isEqualTo("plain");
        assertThat(c2.isRetain()).isFalse();
    }

    @Test
    void retainedMessageSentOnSubscribeHasRetainSetWhateverRetainAsPublishedSays() throws Exception {
        connected("rap-seed").publish("rap/stored", "stored", true);

        Client sub = connected("rap-late");
        sub.client().subscribeWith().topicFilter("rap/stored").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(false).send();
        Mqtt5Publish got = sub.receive();
        assertThat(text(got)).isEqualTo("stored");
        assertThat(got.isRetain()).isTrue();
    }

    // ------------------------------------------------------------------ Retain Handling

    @Test
    void retainHandlingZeroSendsRetainedOnEverySubscribe() throws Exception {
        Client seed = connected("rh0-seed");
        seed.publish("rh0/t", "stored", true);
        Client sub = connected("rh0-sub");

        sub.client().subscribeWith().topicFilter("rh0/t").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).send();
        assertThat(text(sub.receive())).isEqualTo("stored");

        sub.client().subscribeWith().topicFilter("rh0/t").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).send();
        Mqtt5Publish again = sub.receive();
        assertThat(text(again)).isEqualTo("stored");
        assertThat(again.isRetain()).isTrue();
    }

    @Test
    void retainHandlingOneSendsRetainedOnlyForANewSubscription() throws Exception {
        Client seed = connected("rh1-seed");
        seed.publish("rh1/t", "stored", true);
        Client sub = connected("rh1-sub");

        sub.client().subscribeWith().topicFilter("rh1/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
        Mqtt5Publish first = sub.receive();
        assertThat(text(first)).isEqualTo("stored");
        assertThat(first.isRetain()).isTrue();

        sub.client().subscribeWith().topicFilter("rh1/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
        seed.publish("rh1/t", "marker", false);
        // Retained messages follow SUBACK at once, so a re-sent "stored" would precede the marker.
        assertThat(text(sub.receive())).isEqualTo("marker");
    }

    @Test
    void retainHandlingTwoNeverSendsRetained() throws Exception {
        Client seed = connected("rh2-seed");
        seed.publish("rh2/t", "stored", true);
        Client sub = connected("rh2-sub");

        sub.client().subscribeWith().topicFilter("rh2/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
        seed.publish("rh2/t", "marker", false);
        assertThat(text(sub.receive())).isEqualTo("marker");

        sub.client().subscribeWith().topicFilter("rh2/#").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
        seed.publish("rh2/t", "marker2", false);
        assertThat(text(sub.receive())).isEqualTo("marker2");
        assertThat(Clients.receiveQuietly(sub.publishes())).isEmpty();
    }

    @Test
    void grantedQosIsTheRequestedQosAndCapsDelivery() throws Exception {
        Client sub = connected("qos-cap");
        var suback = sub.client().subscribeWith().topicFilter("qos/t").qos(MqttQos.AT_MOST_ONCE).send();
        assertThat(suback.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0);

        clients.hiveConnected("qos-pub").publishWith().topic("qos/t").qos(MqttQos.EXACTLY_ONCE).payload(bytes("x")).send();
        assertThat(sub.receive().getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyAtTheHighestGrantedQos() throws Exception {
        Client sub = connected("overlap-qos");
        sub.client().subscribeWith().topicFilter("ov/+").qos(MqttQos.AT_MOST_ONCE).send();
        sub.client().subscribeWith().topicFilter("ov/#").qos(MqttQos.EXACTLY_ONCE).send();
        sub.client().subscribeWith().topicFilter("ov/t").qos(MqttQos.AT_LEAST_ONCE).send();

        connected("overlap-pub").publish("ov/t", "once", false);  // published at QoS 1

        Mqtt5Publish got = sub.receive();
        assertThat(text(got)).isEqualTo("once");
        assertThat(got.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(Clients.receiveQuietly(sub.publishes())).isEmpty();
    }
}
