package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.SILENCE;
import static io.twinhub.it.v3.Clients.assertNothing;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Retained messages: stored, replaced, cleared, sent to new subscribers with RETAIN=1 only. */
class RetainedMessagesTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    @Test
    void newSubscriberGetsRetainedMessageWithRetainFlag() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "door/state", "open", 1, true);

        PahoClient sub = clients.pahoConnected("late-sub");
        sub.subscribe("door/state", 1);

        PahoClient.Received got = sub.next(RECEIVE);
        assertThat(got.topic()).isEqualTo("door/state");
        assertThat(got.payload()).isEqualTo("open");
        assertThat(got.retained()).isTrue();
        assertThat(got.qos()).isEqualTo(1);
        assertThat(sub.poll(SILENCE)).isEmpty();
    }

    @Test
    void liveDeliveryToAnExistingSubscriberHasRetainCleared() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("early-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "lamp/state", 1);
        PahoClient pahoSub = clients.pahoConnected("early-paho");
        pahoSub.subscribe("lamp/#", 1);
        PahoClient pub = clients.pahoConnected("pub");

        pub.publish("lamp/state", "on", 1, true);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("on");
        assertThat(got.isRetain()).as("RETAIN on a live delivery").isFalse();
        PahoClient.Received pahoGot = pahoSub.next(RECEIVE);
        assertThat(pahoGot.payload()).isEqualTo("on");
        assertThat(pahoGot.retained()).as("RETAIN on a live delivery").isFalse();
        // The message was stored all the same.
        PahoClient late = clients.pahoConnected("late-sub");
        late.subscribe("lamp/state", 1);
        PahoClient.Received stored = late.next(RECEIVE);
        assertThat(stored.payload()).isEqualTo("on");
        assertThat(stored.retained()).isTrue();
    }

    @Test
    void newerRetainedMessageReplacesOlderOne() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "valve", "closed", 1, true);
        Clients.publish(pub, "valve", "half", 0, true);
        Clients.publish(pub, "valve", "open", 2, true);

        Mqtt3BlockingClient sub = clients.hiveConnected("sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "valve", 2);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("open");
        assertThat(got.isRetain()).isTrue();
        assertThat(got.getQos().getCode()).isEqualTo(2);
        assertNothing(publishes);
    }

    @Test
    void emptyRetainedPayloadClearsTheTopic() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "alarm", "ringing", 1, true);
        Clients.publish(pub, "alarm", "", 1, true);

        PahoClient sub = clients.pahoConnected("sub");
        sub.subscribe("alarm", 1);
        sub.subscribe("marker", 1);
        Clients.publish(pub, "marker", "m", 1, false);

        // Nothing retained precedes the live marker.
        assertThat(sub.next(RECEIVE).topic()).isEqualTo("marker");
        assertThat(sub.poll(SILENCE)).isEmpty();
    }

    /** MQTT 3.1.1 §3.3.1.3: the zero-byte retained PUBLISH is still forwarded to current subscribers. */
    @Test
    void emptyRetainedPublishIsForwardedToExistingSubscribersAsANormalMessage() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "alarm", 1);
        PahoClient pub = clients.pahoConnected("pub");

        pub.publish("alarm", "ringing", 1, true);
        pub.publish("alarm", "", 1, true);

        assertThat(text(next(publishes))).isEqualTo("ringing");
        Mqtt3Publish cleared = next(publishes);
        assertThat(cleared.getPayloadAsBytes()).isEmpty();
        assertThat(cleared.isRetain()).isFalse();
    }

    /** MQTT 3.1.1 §3.3.1.3: a retained QoS 0 message replaces the stored one too. */
    @Test
    void retainedQos0MessageReplacesAnEarlierQos1One() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "gauge", "old at 1", 1, true);
        Clients.publish(pub, "gauge", "new at 0", 0, true);
        Clients.publish(pub, "sync", "-", 1, false); // the QoS 0 publish has been processed

        PahoClient sub = clients.pahoConnected("sub");
        sub.subscribe("gauge", 2);

        PahoClient.Received got = sub.next(RECEIVE);
        assertThat(got.payload()).isEqualTo("new at 0");
        assertThat(got.qos()).isZero();
        assertThat(got.retained()).isTrue();
        assertThat(sub.poll(SILENCE)).isEmpty();
    }

    @Test
    void retainedMessageIsDeliveredAtTheLowerOfStoredAndGrantedQos() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "q/two", "stored at 2", 2, true);
        Clients.publish(pub, "q/zero", "stored at 0", 0, true);

        RawMqtt sub = clients.raw();
        assertThat(sub.connect("raw-sub", true, 30).returnCode()).isZero();
        assertThat(sub.subscribe(1, "q/two", 1).grantedQos()).containsExactly(1);
        RawMqtt.Packet two = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(two.qos()).isEqualTo(1);
        assertThat(two.retain()).isTrue();
        sub.send(RawMqtt.ackPacket(RawMqtt.PUBACK, two.packetId()));

        assertThat(sub.subscribe(2, "q/zero", 2).grantedQos()).containsExactly(2);
        RawMqtt.Packet zero = sub.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(zero.qos()).isZero();
        assertThat(zero.retain()).isTrue();
        assertThat(zero.payload()).isEqualTo("stored at 0");
    }

    @Test
    void wildcardSubscriptionReceivesEveryMatchingRetainedTopic() throws Exception {
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "site/a/temp", "20", 1, true);
        Clients.publish(pub, "site/b/temp", "21", 1, true);
        Clients.publish(pub, "site/b/humidity", "40", 1, true);
        Clients.publish(pub, "site", "root", 1, true);
        Clients.publish(pub, "$SYS/site", "hidden", 1, true);

        PahoClient plus = clients.pahoConnected("plus");
        plus.subscribe("site/+/temp", 1);
        PahoClient hash = clients.pahoConnected("hash");
        hash.subscribe("site/#", 1);
        PahoClient all = clients.pahoConnected("all");
        all.subscribe("#", 1);

        assertThat(receiveTopics(plus, 2)).containsExactlyInAnyOrder("site/a/temp", "site/b/temp");
        assertThat(receiveTopics(hash, 4))
                .containsExactlyInAnyOrder("site", "site/a/temp", "site/b/temp", "site/b/humidity");
        assertThat(receiveTopics(all, 4)).doesNotContain("$SYS/site");
        assertThat(plus.poll(SILENCE)).isEmpty();
        assertThat(hash.poll(SILENCE.dividedBy(5))).isEmpty();
        assertThat(all.poll(SILENCE.dividedBy(5))).isEmpty();
    }

    @Test
    void resubscribingSendsTheRetainedMessageAgain() throws Exception {
        // MQTT 3.1.1 §3.8.4: a repeated SUBSCRIBE replaces the subscription and re-sends retained messages.
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "config", "v1", 1, true);
        Mqtt3BlockingClient sub = clients.hiveConnected("sub");
        var publishes = publishes(sub);

        Clients.subscribe(sub, "config", 1);
        assertThat(next(publishes).isRetain()).isTrue();
        Clients.subscribe(sub, "config", 1);
        Mqtt3Publish again = next(publishes);
        assertThat(text(again)).isEqualTo("v1");
        assertThat(again.isRetain()).isTrue();
    }

    private static List<String> receiveTopics(PahoClient c, int n) throws Exception {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PahoClient.Received r = c.next(RECEIVE);
            assertThat(r.retained()).as("retained flag of %s", r.topic()).isTrue();
            topics.add(r.topic());
        }
        return topics;
    }
}
