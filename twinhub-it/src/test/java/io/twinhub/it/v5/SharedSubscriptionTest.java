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
import java.util.List;
import java.util.Optional;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Shared subscriptions {@code $share/group/filter}. */
class SharedSubscriptionTest {

    private static final int MESSAGES = 20;

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private void publishNumbered(String topic, int count) {
        Mqtt5BlockingClient pub = clients.hiveConnected("share-pub-" + System.nanoTime());
        for (int i = 0; i < count; i++) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
        }
    }

    private static List<String> drain(Clients.Subscriber s) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (Optional<Mqtt5Publish> p; (p = s.receiveQuietly()).isPresent(); ) {
            got.add(text(p.get()));
        }
        return got;
    }

    @Test
    void eachMessageGoesToExactlyOneMemberOfTheGroup() throws Exception {
        Clients.Subscriber a = clients.hiveSubscriber("member-a", "$share/workers/jobs/+");
        Clients.Subscriber b = clients.hiveSubscriber("member-b", "$share/workers/jobs/+");

        publishNumbered("jobs/1", MESSAGES);

        List<String> gotA = drain(a);
        List<String> gotB = drain(b);
        List<String> all = new ArrayList<>(gotA);
        all.addAll(gotB);
        assertThat(all).hasSize(MESSAGES).doesNotHaveDuplicates();
        assertThat(gotA).as("member a").isNotEmpty();
        assertThat(gotB).as("member b").isNotEmpty();
    }

    @Test
    void everyGroupAndEveryOrdinarySubscriberGetsItsOwnCopy() throws Exception {
        Clients.Subscriber g1 = clients.hiveSubscriber("g1", "$share/one/fan/t");
        Clients.Subscriber g2 = clients.hiveSubscriber("g2", "$share/two/fan/t");
        Clients.Subscriber plain = clients.hiveSubscriber("plain", "fan/t");

        publishNumbered("fan/t", 3);

        assertThat(drain(g1)).containsExactly("m0", "m1", "m2");
        assertThat(drain(g2)).containsExactly("m0", "m1", "m2");
        assertThat(drain(plain)).containsExactly("m0", "m1", "m2");
    }

    @Test
    void noRetainedMessagesAreSentOnSharedSubscribe() throws Exception {
        clients.hiveConnected("share-seed").publishWith().topic("shret/t").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(bytes("stored")).send();

        Clients.Subscriber member = clients.hiveSubscriber("shret-member", "$share/g/shret/t");
        publishNumbered("shret/t", 1);

        Mqtt5Publish first = member.receive();
        assertThat(text(first)).isEqualTo("m0");
        assertThat(member.receiveQuietly()).isEmpty();
    }

    @Test
    void unsubscribedMemberNoLongerReceives() throws Exception {
        Clients.Subscriber a = clients.hiveSubscriber("leaver", "$share/g/leave/t");
        Clients.Subscriber b = clients.hiveSubscriber("stayer", "$share/g/leave/t");
        a.client().unsubscribeWith().topicFilter("$share/g/leave/t").send();

        publishNumbered("leave/t", 4);
        assertThat(drain(b)).containsExactly("m0", "m1", "m2", "m3");
        assertThat(drain(a)).isEmpty();
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
        RawMqtt5 raw = clients.raw("shared-nolocal");
        raw.subscribe(1, new RawMqtt5.Props(), "$share/g/nl/t", 0x01 | 0x04);  // QoS 1 + No Local

        assertThat(raw.awaitDisconnect(Duration.ofSeconds(5))).isEqualTo(0x82);
    }
}
