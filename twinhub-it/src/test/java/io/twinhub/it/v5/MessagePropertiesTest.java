package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Application message properties reach subscribers exactly as published. */
class MessagePropertiesTest {

    private static final byte[] CORRELATION = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static Mqtt5UserProperties userProperties() {
        return Mqtt5UserProperties.builder()
                .add("zeta", "1")
                .add("alpha", "2")
                .add("zeta", "3")          // repeated name, kept as a separate pair
                .add("empty", "")
                .add("ünïcode", "välüe ✓")
                .build();
    }

    private void publishWithAllProperties(Mqtt5BlockingClient pub, String topic, boolean retain) {
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(bytes("{\"t\":21.5}"))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("application/json")
                .responseTopic("replies/for/me")
                .correlationData(CORRELATION)
                .userProperties(userProperties())
                .send();
    }

    private static void assertAllProperties(Mqtt5Publish got) {
        assertThat(text(got)).isEqualTo("{\"t\":21.5}");
        assertThat(got.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(got.getContentType()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("application/json"));
        assertThat(got.getResponseTopic()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("replies/for/me"));
        assertThat(got.getCorrelationData()).hasValueSatisfying(v -> assertThat(toArray(v)).isEqualTo(CORRELATION));
        assertThat(pairs(got.getUserProperties())).containsExactly(
                "zeta=1", "alpha=2", "zeta=3", "empty=", "ünïcode=välüe ✓");
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static List<String> pairs(Mqtt5UserProperties props) {
        return props.asList().stream().map(p -> p.getName() + "=" + p.getValue()).toList();
    }

    @Test
    void propertiesPassThroughUnchangedOnLiveDelivery() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("mp-live", "mp/live");
        publishWithAllProperties(clients.hiveConnected("mp-live-pub"), "mp/live", false);
        assertAllProperties(sub.receive());
    }

    @Test
    void propertiesSurviveTheRetainedStore() throws Exception {
        publishWithAllProperties(clients.hiveConnected("mp-retained-pub"), "mp/retained", true);
        Clients.Subscriber sub = clients.hiveSubscriber("mp-retained", "mp/retained");
        Mqtt5Publish got = sub.receive();
        assertThat(got.isRetain()).isTrue();
        assertAllProperties(got);
    }

    @Test
    void propertiesSurviveQueueingForAnOfflineSession() throws Exception {
        Mqtt5BlockingClient sub = clients.hive("mp-offline");
        sub.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        sub.subscribeWith().topicFilter("mp/offline").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.disconnect();

        publishWithAllProperties(clients.hiveConnected("mp-offline-pub"), "mp/offline", false);

        Mqtt5BlockingClient again = clients.hive("mp-offline");
        var publishes = clients.publishes(again);
        again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertAllProperties(Clients.receive(publishes));
    }

    @Test
    void messageWithoutPropertiesArrivesWithoutProperties() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("mp-bare", "mp/bare");
        clients.hiveConnected("mp-bare-pub").publishWith().topic("mp/bare").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("bare")).send();
        Mqtt5Publish got = sub.receive();
        assertThat(got.getPayloadFormatIndicator()).isEmpty();
        assertThat(got.getContentType()).isEmpty();
        assertThat(got.getResponseTopic()).isEmpty();
        assertThat(got.getCorrelationData()).isEmpty();
        assertThat(got.getUserProperties().asList()).isEmpty();
        assertThat(got.getMessageExpiryInterval()).isEmpty();
    }

    @Test
    void pahoPublisherToHiveMqSubscriber() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("mp-cross", "mp/cross");
        Clients.Paho pub = clients.paho("mp-paho-pub");
        pub.connect();

        MqttProperties props = new MqttProperties();
        props.setContentType("text/plain");
        props.setPayloadFormat(true);
        props.setResponseTopic("mp/answer");
        props.setCorrelationData(CORRELATION);
        props.setUserProperties(List.of(new UserProperty("b", "1"), new UserProperty("a", "2"), new UserProperty("b", "0")));
        pub.publish("mp/cross", new MqttMessage(bytes("from paho"), 1, false, props));

        Mqtt5Publish got = sub.receive();
        assertThat(text(got)).isEqualTo("from paho");
        assertThat(got.getContentType()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("text/plain"));
        assertThat(got.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(got.getResponseTopic()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("mp/answer"));
        assertThat(got.getCorrelationData()).hasValueSatisfying(v -> assertThat(toArray(v)).isEqualTo(CORRELATION));
        assertThat(pairs(got.getUserProperties())).containsExactly("b=1", "a=2", "b=0");
    }

    @Test
    void hiveMqPublisherToPahoSubscriber() throws Exception {
        Clients.Paho sub = clients.paho("mp-paho-sub");
        sub.connect();
        sub.subscribe(null, new MqttSubscription("mp/paho", 1));

        publishWithAllProperties(clients.hiveConnected("mp-paho-src"), "mp/paho", false);

        Clients.Paho.Received got = sub.receive();
        MqttProperties props = got.message().getProperties();
        assertThat(got.text()).isEqualTo("{\"t\":21.5}");
        assertThat(props.getPayloadFormat()).isTrue();
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(props.getResponseTopic()).isEqualTo("replies/for/me");
        assertThat(props.getCorrelationData()).isEqualTo(CORRELATION);
        assertThat(props.getUserProperties()).extracting(p -> p.getKey() + "=" + p.getValue())
                .containsExactly("zeta=1", "alpha=2", "zeta=3", "empty=", "ünïcode=välüe ✓");
    }

    @Test
    void mosquittoPubPropertiesReachAHiveMqSubscriber() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("mp-mosquitto", "mp/mosq");
        Process p = new ProcessBuilder("mosquitto_pub", "-h", node.host(), "-p", String.valueOf(node.port()),
                "-V", "mqttv5", "-q", "1", "-t", "mp/mosq", "-m", "from mosquitto",
                "-D", "publish", "user-property", "k", "v1",
                "-D", "publish", "user-property", "k", "v2",
                "-D", "publish", "content-type", "text/x-test",
                "-D", "publish", "response-topic", "mp/mosq/reply")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();

        Mqtt5Publish got = sub.receive();
        assertThat(text(got)).isEqualTo("from mosquitto");
        assertThat(pairs(got.getUserProperties())).containsExactly("k=v1", "k=v2");
        assertThat(got.getContentType()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("text/x-test"));
        assertThat(got.getResponseTopic()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("mp/mosq/reply"));
    }

}
