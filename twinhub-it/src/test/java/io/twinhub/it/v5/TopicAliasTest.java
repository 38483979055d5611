package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Topic aliases from client to server and from server to client. */
class TopicAliasTest {

    private static final int SERVER_ALIAS_MAXIMUM = 3;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.topicAliasMaximum = SERVER_ALIAS_MAXIMUM));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static RawMqtt5.Props alias(int alias) {
        return new RawMqtt5.Props().u16(RawMqtt5.TOPIC_ALIAS, alias);
    }

    // ------------------------------------------------------------------ client to server

    @Test
    void aliasSetByTheClientStandsForItsTopicAfterwards() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("alias-sub", "ta/#");
        RawMqtt5 pub = clients.raw("alias-pub");

        pub.publish("ta/long/topic/name", 1, 1, false, alias(1), bytes("with topic"));
        assertThat(pub.expect(RawMqtt5.PUBACK, WAIT).ackReason()).isZero();
        pub.publish("", 1, 2, false, alias(1), bytes("alias only"));
        assertThat(pub.expect(RawMqtt5.PUBACK, WAIT).ackReason()).isZero();

        Mqtt5Publish first = sub.receive();
        Mqtt5Publish second = sub.receive();
        assertThat(first.getTopic().toString()).isEqualTo("ta/long/topic/name");
        assertThat(text(first)).isEqualTo("with topic");
        assertThat(second.getTopic().toString()).isEqualTo("ta/long/topic/name");
        assertThat(text(second)).isEqualTo("alias only");
    }

    @Test
    void clientCanRemapAnAlias() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("remap-sub", "ta/#");
        RawMqtt5 pub = clients.raw("remap-pub");

        pub.publish("ta/a", 0, 0, false, alias(SERVER_ALIAS_MAXIMUM), bytes("1"));
        pub.publish("ta/b", 0, 0, false, alias(SERVER_ALIAS_MAXIMUM), bytes("2"));
        pub.publish("", 0, 0, false, alias(SERVER_ALIAS_MAXIMUM), bytes("3"));

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mqtt5Publish p = sub.receive();
            got.add(p.getTopic() + "=" + text(p));
        }
        assertThat(got).containsExactly("ta/a=1", "ta/b=2", "ta/b=3");
    }

    @Test
    void aliasAboveTheServersMaximumIsDisconnectedWithTopicAliasInvalid() throws Exception {
        RawMqtt5 pub = clients.raw("alias-too-big");
        pub.publish("ta/t", 1, 1, false, alias(SERVER_ALIAS_MAXIMUM + 1), bytes("x"));
        assertThat(pub.awaitDisconnect(WAIT)).isEqualTo(0x94);
    }

    @Test
    void aliasZeroIsDisconnectedWithTopicAliasInvalid() throws Exception {
        RawMqtt5 pub = clients.raw("alias-zero");
        pub.publish("ta/t", 1, 1, false, alias(0), bytes("x"));
        assertThat(pub.awaitDisconnect(WAIT)).isEqualTo(0x94);
    }

    @Test
    void unknownAliasWithEmptyTopicIsAProtocolError() throws Exception {
        RawMqtt5 pub = clients.raw("alias-unknown");
        pub.publish("", 1, 1, false, alias(2), bytes("x"));
        assertThat(pub.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }

    @Test
    void aliasesDoNotOutliveTheirNetworkConnection() throws Exception {
        RawMqtt5.Connect connect = new RawMqtt5.Connect("alias-session").cleanStart(false)
                .props(new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, 60));
        RawMqtt5 first = clients.raw(connect);
        first.publish("ta/t", 1, 1, false, alias(1), bytes("x"));
        first.expect(RawMqtt5.PUBACK, WAIT);
        first.disconnect(0, new RawMqtt5.Props());
        first.awaitDisconnect(WAIT);

        RawMqtt5 second = clients.raw(connect);
        second.publish("", 1, 1, false, alias(1), bytes("y"));
        assertThat(second.awaitDisconnect(WAIT)).isEqualTo(0x82);
    }

    @Test
    void hiveMqPublisherRepeatingTopicsIsUnderstood() throws Exception {
        Clients.Subscriber sub = clients.hiveSubscriber("hive-alias-sub", "hive/#");
        Mqtt5BlockingClient pub = clients.hiveConnected("hive-alias-pub");
        String[] topics = {"hive/a", "hive/b", "hive/c", "hive/d", "hive/e"};
        for (int i = 0; i < 25; i++) {
            String t = topics[i % topics.length];
            pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(t + "#" + i)).send();
        }
        for (int i = 0; i < 25; i++) {
            Mqtt5Publish p = sub.receive();
            assertThat(text(p)).isEqualTo(topics[i % topics.length] + "#" + i);
            assertThat(p.getTopic().toString()).isEqualTo(topics[i % topics.length]);
        }
    }

    // ------------------------------------------------------------------ server to client

    @Test
    void hiveMqSubscriberAcceptingAliasesGetsEveryMessageWithItsTopic() throws Exception {
        Mqtt5BlockingClient sub = clients.hive("hive-in-alias");
        Mqtt5BlockingClient.Mqtt5Publishes publishes = clients.publishes(sub);
        sub.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        sub.subscribeWith().topicFilter("in/#").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient pub = clients.hiveConnected("hive-in-pub");
        String[] topics = {"in/one", "in/two", "in/three", "in/four"};
        for (int i = 0; i < 24; i++) {
            String t = topics[(i * 7) % topics.length];
            pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(t)).send();
        }
        for (int i = 0; i < 24; i++) {
            Mqtt5Publish p = Clients.receive(publishes);
            assertThat(p.getTopic().toString()).isEqualTo(text(p));
        }
        assertThat(sub.getState().isConnected()).isTrue();
    }

    @Test
    void serverUsesAliasesWithinTheClientsMaximum() throws Exception {
        RawMqtt5 sub = clients.raw(new RawMqtt5.Connect("raw-in-alias")
                .props(new RawMqtt5.Props().u16(RawMqtt5.TOPIC_ALIAS_MAXIMUM, 2)));
        sub.subscribe(1, new RawMqtt5.Props(), "raw/#", 0);
        sub.expect(RawMqtt5.SUBACK, WAIT);

        Mqtt5BlockingClient pub = clients.hiveConnected("raw-in-pub");
        String[] sequence = {"raw/a", "raw/a", "raw/b", "raw/c", "raw/a", "raw/c", "raw/b", "raw/b"};
        for (String t : sequence) {
            pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(t)).send();
        }

        Map<Integer, String> aliases = new HashMap<>();
        int aliasOnly = 0;
        for (String expected : sequence) {
            RawMqtt5.Publish p = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
            List<Object> alias = p.prop(RawMqtt5.TOPIC_ALIAS);
            String topic = p.topic();
            if (!alias.isEmpty()) {
                int a = (Integer) alias.get(0);
                assertThat(a).as("alias within the client's maximum").isBetween(1, 2);
                if (topic.isEmpty()) {
                    aliasOnly++;
                    assertThat(aliases).as("alias %d was set before use", a).containsKey(a);
                    topic = aliases.get(a);
                } else {
                    aliases.put(a, topic);
                }
            }
            assertThat(topic).isEqualTo(expected);
            assertThat(p.payloadText()).isEqualTo(expected);
        }
        assertThat(aliasOnly).as("publishes sent with an alias instead of the topic").isPositive();
    }

    @Test
    void serverSendsNoAliasesToAClientThatAllowsNone() throws Exception {
        RawMqtt5 sub = clients.raw("raw-no-alias");
        sub.subscribe(1, new RawMqtt5.Props(), "none/#", 0);
        sub.expect(RawMqtt5.SUBACK, WAIT);

        Mqtt5BlockingClient pub = clients.hiveConnected("raw-no-alias-pub");
        for (int i = 0; i < 5; i++) {
            pub.publishWith().topic("none/t").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
        }
        for (int i = 0; i < 5; i++) {
            RawMqtt5.Publish p = sub.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
            assertThat(p.topic()).isEqualTo("none/t");
            assertThat(p.prop(RawMqtt5.TOPIC_ALIAS)).isEmpty();
        }
    }

    @Test
    void serverAliasesStartAfreshOnANewConnection() throws Exception {
        RawMqtt5.Connect connect = new RawMqtt5.Connect("raw-alias-reconnect").cleanStart(false)
                .props(new RawMqtt5.Props().u16(RawMqtt5.TOPIC_ALIAS_MAXIMUM, 2).u32(RawMqtt5.SESSION_EXPIRY, 60));
        RawMqtt5 first = clients.raw(connect);
        first.subscribe(1, new RawMqtt5.Props(), "fresh/#", 0);
        first.expect(RawMqtt5.SUBACK, WAIT);
        Mqtt5BlockingClient pub = clients.hiveConnected("raw-alias-reconnect-pub");
        pub.publishWith().topic("fresh/t").payload(bytes("1")).send();
        pub.publishWith().topic("fresh/t").payload(bytes("2")).send();
        first.expect(RawMqtt5.PUBLISH, WAIT);
        first.expect(RawMqtt5.PUBLISH, WAIT);
        first.disconnect(0, new RawMqtt5.Props());
        first.awaitDisconnect(WAIT);

        RawMqtt5 second = clients.raw(connect);
        pub.publishWith().topic("fresh/t").payload(bytes("3")).send();
        RawMqtt5.Publish p = second.expect(RawMqtt5.PUBLISH, WAIT).asPublish();
        assertThat(p.topic()).as("first publish on a new connection must carry the topic").isEqualTo("fresh/t");
        assertThat(p.payloadText()).isEqualTo("3");
    }

}
