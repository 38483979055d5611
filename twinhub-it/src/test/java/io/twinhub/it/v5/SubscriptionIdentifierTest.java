package io.twinhub.it.v5;

import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.twinhub.it.v5.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Subscription identifiers come back on the messages a subscription matched (Paho, and raw bytes). */
class SubscriptionIdentifierTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private Clients.Paho subscriber(String id) throws Exception {
        Clients.Paho p = clients.paho(id);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setUseSubscriptionIdentifiers(false);  // we choose the identifiers ourselves
        p.connect(o);
        return p;
    }

    private static MqttProperties withId(int id) {
        MqttProperties p = new MqttProperties();
        p.setSubscriptionIdentifier(id);
        return p;
    }

    private void publish(String topic, String payload, boolean retain) throws Exception {
        Clients.Paho pub = clients.paho("pub-" + System.nanoTime());
        pub.connect();
        pub.publish(topic, new MqttMessage(bytes(payload), 1, retain, null));
        pub.disconnect();
    }

    @Test
    void messageCarriesTheIdentifierOfTheMatchingSubscription() throws Exception {
        Clients.Paho sub = subscriber("sid-one");
        sub.subscribe(withId(7), new MqttSubscription("sid/a", 1));
        sub.subscribe(withId(8), new MqttSubscription("sid/b", 1));

        publish("sid/a", "to a", false);
        publish("sid/b", "to b", false);

        Clients.Paho.Received a = sub.receive();
        Clients.Paho.Received b = sub.receive();
        assertThat(a.text()).isEqualTo("to a");
        assertThat(a.subscriptionIds()).containsExactly(7);
        assertThat(b.text()).isEqualTo("to b");
        assertThat(b.subscriptionIds()).containsExactly(8);
    }

    @Test
    void overlappingSubscriptionsGiveOneCopyWithAllIdentifiers() throws Exception {
        Clients.Paho sub = subscriber("sid-overlap");
        sub.subscribe(withId(1), new MqttSubscription("sid/+/x", 1));
        sub.subscribe(withId(2), new MqttSubscription("sid/#", 1));
        sub.subscribe(null, new MqttSubscription("sid/y/x", 1));  // no identifier

        publish("sid/y/x", "both", false);

        Clients.Paho.Received got = sub.receive();
        assertThat(got.text()).isEqualTo("both");
        assertThat(got.subscriptionIds()).containsExactlyInAnyOrder(1, 2);
        assertThat(sub.receiveQuietly()).isNull();
    }

    @Test
    void subscriptionWithoutIdentifierDeliversNone() throws Exception {
        Clients.Paho sub = subscriber("sid-none");
        sub.subscribe(null, new MqttSubscription("sid/plain", 1));

        publish("sid/plain", "plain", false);
        assertThat(sub.receive().subscriptionIds()).isEmpty();
    }

    @Test
    void retainedMessageSentOnSubscribeCarriesTheIdentifier() throws Exception {
        publish("sid/retained", "kept", true);
        Clients.Paho sub = subscriber("sid-retained");
        sub.subscribe(withId(42), new MqttSubscription("sid/retained", 1));

        Clients.Paho.Received got = sub.receive();
        assertThat(got.text()).isEqualTo("kept");
        assertThat(got.message().isRetained()).isTrue();
        assertThat(got.subscriptionIds()).containsExactly(42);
    }

    @Test
    void resubscribingWithANewIdentifierReplacesTheOldOne() throws Exception {
        Clients.Paho sub = subscriber("sid-replace");
        sub.subscribe(withId(5), new MqttSubscription("sid/replace", 1));
        sub.subscribe(withId(6), new MqttSubscription("sid/replace", 1));

        publish("sid/replace", "x", false);
        assertThat(sub.receive().subscriptionIds()).containsExactly(6);
    }

    @Test
    void largeIdentifierIsEncodedAsVariableByteInteger() throws Exception {
        RawMqtt5 raw = clients.raw("sid-raw");
        raw.subscribe(1, new RawMqtt5.Props().varInt(RawMqtt5.SUBSCRIPTION_ID, 268_435_455), "sid/raw", 1);
        assertThat(raw.expect(RawMqtt5.SUBACK, Duration.ofSeconds(5)).reasonCodes()).containsExactly(1);

        publish("sid/raw", "max id", false);
        RawMqtt5.Publish got = raw.expect(RawMqtt5.PUBLISH, Duration.ofSeconds(5)).asPublish();
        assertThat(got.payloadText()).isEqualTo("max id");
        assertThat(got.prop(RawMqtt5.SUBSCRIPTION_ID)).containsExactly(268_435_455);
    }
}
