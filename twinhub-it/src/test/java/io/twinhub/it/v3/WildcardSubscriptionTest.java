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

/** Topic filters with '+' and '#', '$' topics, overlapping subscriptions, and unsubscribing. */
class WildcardSubscriptionTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    /**
     * Publishes every topic in order, each with its topic as payload, then a marker on
     * {@code marker/end} (to which the subscriber also subscribes): returns the topics that
     * arrived before the marker.
     */
    private static List<String> topicsReceived(PahoClient sub, Mqtt3BlockingClient pub, String... topics) throws Exception {
        for (String t : topics) {
            Clients.publish(pub, t, t, 1, false);
        }
        Clients.publish(pub, "marker/end", "end", 1, false);
        List<String> got = new ArrayList<>();
        while (true) {
            PahoClient.Received r = sub.next(RECEIVE);
            if (r.topic().equals("marker/end")) {
                return got;
            }
            assertThat(r.payload()).isEqualTo(r.topic());
            got.add(r.topic());
        }
    }

    private PahoClient subscriber(String filter) throws Exception {
        PahoClient sub = clients.pahoConnected("wild-sub");
        assertThat(sub.subscribe(filter, 1)).isEqualTo(1);
        sub.subscribe("marker/end", 1);
        return sub;
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevel() throws Exception {
        PahoClient sub = subscriber("home/+/temp");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        List<String> got = topicsReceived(sub, pub,
                "home/kitchen/temp", "home/hall/temp", "home/temp", "home/a/b/temp",
                "home/kitchen/humidity", "office/kitchen/temp", "home//temp");

        assertThat(got).containsExactly("home/kitchen/temp", "home/hall/temp", "home//temp");
    }

    @Test
    void multiLevelWildcardMatchesEverythingBelowAndTheParentItself() throws Exception {
        PahoClient sub = subscriber("sensors/#");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        List<String> got = topicsReceived(sub, pub,
                "sensors", "sensors/a", "sensors/a/b/c", "sensorsX", "other/sensors", "sensors/");

        assertThat(got).containsExactly("sensors", "sensors/a", "sensors/a/b/c", "sensors/");
    }

    /** The examples of MQTT 3.1.1 §4.7.1.3 with a leading '/' (an empty first level). */
    @Test
    void leadingSlashMakesAnEmptyFirstLevel() throws Exception {
        PahoClient plusPlus = clients.pahoConnected("plus-plus");
        plusPlus.subscribe("+/+", 1);
        plusPlus.subscribe("marker/end", 1);
        PahoClient slashPlus = clients.pahoConnected("slash-plus");
        slashPlus.subscribe("/+", 1);
        slashPlus.subscribe("marker/end", 1);
        PahoClient plus = clients.pahoConnected("plus");
        plus.subscribe("+", 1);
        plus.subscribe("marker/end", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        Clients.publish(pub, "/finance", "/finance", 1, false);
        Clients.publish(pub, "finance", "finance", 1, false);
        Clients.publish(pub, "marker/end", "end", 1, false);

        assertThat(collectUntilMarker(plusPlus)).containsExactly("/finance");
        assertThat(collectUntilMarker(slashPlus)).containsExactly("/finance");
        assertThat(collectUntilMarker(plus)).containsExactly("finance");
    }

    @Test
    void plusMatchesAnEmptyLevelButNotAMissingOne() throws Exception {
        PahoClient sub = subscriber("sport/+");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        List<String> got = topicsReceived(sub, pub, "sport", "sport/", "sport/tennis", "sport/tennis/player1");

        assertThat(got).containsExactly("sport/", "sport/tennis");
    }

    private static List<String> collectUntilMarker(PahoClient sub) throws Exception {
        List<String> got = new ArrayList<>();
        while (true) {
            PahoClient.Received r = sub.next(RECEIVE);
            if (r.topic().equals("marker/end")) {
                return got;
            }
            got.add(r.topic());
        }
    }

    @Test
    void plusAndHashCombine() throws Exception {
        PahoClient sub = subscriber("+/status/#");
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        List<String> got = topicsReceived(sub, pub,
                "dev1/status", "dev2/status/online", "dev3/status/a/b", "dev4/state", "status/x", "a/b/status");

        assertThat(got).containsExactly("dev1/status", "dev2/status/online", "dev3/status/a/b");
    }

    @Test
    void hashAloneMatchesAllTopicsButNotDollarTopics() throws Exception {
        PahoClient sub = clients.pahoConnected("wild-sub");
        sub.subscribe("#", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        for (String t : new String[] {"$SYS/broker/uptime", "$internal", "a", "a/b", "/leading"}) {
            Clients.publish(pub, t, t, 1, false);
        }

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(sub.next(RECEIVE).topic());
        }
        assertThat(got).containsExactly("a", "a/b", "/leading");
        assertThat(sub.poll(SILENCE)).isEmpty();
    }

    @Test
    void leadingPlusDoesNotMatchDollarTopicsButExplicitDollarFilterDoes() throws Exception {
        PahoClient plus = clients.pahoConnected("plus-sub");
        plus.subscribe("+/broker/uptime", 1);
        plus.subscribe("+", 1);
        PahoClient explicit = clients.pahoConnected("explicit-sub");
        explicit.subscribe("$SYS/#", 1);
        explicit.subscribe("$SYS/+/uptime", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        Clients.publish(pub, "$SYS/broker/uptime", "42", 1, false);
        Clients.publish(pub, "$top", "top", 1, false);
        Clients.publish(pub, "x/broker/uptime", "x", 1, false);

        // The explicit '$SYS/...' subscriber gets the '$' message once (overlapping filters merge).
        PahoClient.Received sys = explicit.next(RECEIVE);
        assertThat(sys.topic()).isEqualTo("$SYS/broker/uptime");
        assertThat(sys.payload()).isEqualTo("42");
        // The wildcard subscriber only gets the ordinary topic.
        PahoClient.Received ordinary = plus.next(RECEIVE);
        assertThat(ordinary.topic()).isEqualTo("x/broker/uptime");
        assertThat(plus.poll(SILENCE)).isEmpty();
        assertThat(explicit.poll(Clients.SILENCE.dividedBy(5))).isEmpty();
    }

    @Test
    void malformedWildcardFiltersAreRefusedInSuback() throws Exception {
        // A level that mixes text and a wildcard, or '#' not at the end: SUBACK 0x80 (failure).
        RawMqtt raw = clients.raw();
        assertThat(raw.connect("raw-sub", true, 30).returnCode()).isZero();
        assertThat(raw.subscribe(3, "bad+/x", 1).grantedQos()).containsExactly(0x80);
        assertThat(raw.subscribe(4, "bad/#/x", 1).grantedQos()).containsExactly(0x80);
        assertThat(raw.subscribe(5, "good/+/x", 2).grantedQos()).containsExactly(2);
        // The connection stays usable and the valid subscription works.
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "good/1/x", "fine", 0, false);
        RawMqtt.Packet got = raw.expect(RawMqtt.PUBLISH, RECEIVE);
        assertThat(got.topic()).isEqualTo("good/1/x");
        assertThat(got.payload()).isEqualTo("fine");
    }

    /** MQTT 3.1.1 §3.3.5: overlapping subscriptions of one client yield one copy at the highest QoS. */
    @Test
    void overlappingSubscriptionsDeliverOneCopyAtHighestQos() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "plant/#", 0);
        Clients.subscribe(sub, "plant/+/level", 2);
        Clients.subscribe(sub, "plant/tank1/level", 1);
        PahoClient pahoSub = clients.pahoConnected("paho-sub");
        pahoSub.subscribe("plant/tank1/level", 1);
        pahoSub.subscribe("plant/#", 2);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        Clients.publish(pub, "plant/tank1/level", "80%", 2, false);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("80%");
        assertThat(got.getQos().getCode()).isEqualTo(2);
        assertNothing(publishes);
        PahoClient.Received pahoGot = pahoSub.next(RECEIVE);
        assertThat(pahoGot.qos()).isEqualTo(2);
        assertThat(pahoSub.poll(SILENCE.dividedBy(5))).isEmpty();
    }

    @Test
    void resubscribingToTheSameFilterReplacesItsQos() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "replace/me", 2);
        Clients.subscribe(sub, "replace/me", 0);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        Clients.publish(pub, "replace/me", "once", 2, false);

        Mqtt3Publish got = next(publishes);
        assertThat(got.getQos().getCode()).isZero();
        assertNothing(publishes);
    }

    @Test
    void unsubscribeStopsDeliveryForThatFilterOnly() throws Exception {
        PahoClient sub = clients.pahoConnected("paho-sub");
        sub.subscribe("u/a", 1);
        sub.subscribe("u/b", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "u/a", "a1", 1, false);
        assertThat(sub.next(RECEIVE).payload()).isEqualTo("a1");

        sub.unsubscribe("u/a");
        Clients.publish(pub, "u/a", "a2", 1, false);
        Clients.publish(pub, "u/b", "b1", 1, false);

        PahoClient.Received next = sub.next(RECEIVE);
        assertThat(next.payload()).isEqualTo("b1");
        assertThat(sub.poll(SILENCE)).isEmpty();
    }

    @Test
    void unsubscribingOneOfTwoOverlappingFiltersKeepsTheOther() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "o/#", 1);
        Clients.subscribe(sub, "o/x", 2);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        sub.unsubscribeWith().topicFilter("o/x").send();
        Clients.publish(pub, "o/x", "still", 2, false);

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("still");
        assertThat(got.getQos().getCode()).isEqualTo(1);

        sub.unsubscribeWith().topicFilter("o/#").send();
        Clients.publish(pub, "o/x", "gone", 2, false);
        assertNothing(publishes);
    }
}
