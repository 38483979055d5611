package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.SILENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code $share/group/filter}: each message to one member of the group, spread over the members. */
class SharedSubscriptionTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    @Test
    void eachMessageGoesToExactlyOneMemberAndBothGetSome() throws Exception {
        PahoClient a = clients.pahoConnected("member-a");
        PahoClient b = clients.pahoConnected("member-b");
        assertThat(a.subscribe("$share/workers/jobs/+", 1)).isEqualTo(1);
        assertThat(b.subscribe("$share/workers/jobs/+", 1)).isEqualTo(1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        int count = 40;
        for (int i = 0; i < count; i++) {
            Clients.publish(pub, "jobs/build", "job-" + i, 1, false);
        }

        await().atMost(RECEIVE).until(() -> a.receivedCount() + b.receivedCount() >= count);
        Thread.sleep(200); // room for any extra copy to show up
        List<PahoClient.Received> gotA = a.drain();
        List<PahoClient.Received> gotB = b.drain();
        List<String> all = new ArrayList<>();
        gotA.forEach(r -> all.add(r.payload()));
        gotB.forEach(r -> all.add(r.payload()));
        assertThat(all).hasSize(count)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).mapToObj(i -> "job-" + i).toList());
        assertThat(gotA).isNotEmpty();
        assertThat(gotB).isNotEmpty();
        // A shared subscription is delivered with the real topic name, not the $share filter.
        assertThat(gotA).allSatisfy(r -> assertThat(r.topic()).isEqualTo("jobs/build"));
        // Each member still sees its own share in publish order.
        assertThat(indexes(gotA)).isSorted();
        assertThat(indexes(gotB)).isSorted();
    }

    @Test
    void differentGroupsEachGetEveryMessageAndOrdinarySubscribersToo() throws Exception {
        PahoClient a1 = clients.pahoConnected("g1-a");
        PahoClient a2 = clients.pahoConnected("g1-b");
        PahoClient b1 = clients.pahoConnected("g2-a");
        PahoClient plain = clients.pahoConnected("plain");
        a1.subscribe("$share/g1/metrics", 1);
        a2.subscribe("$share/g1/metrics", 1);
        b1.subscribe("$share/g2/metrics", 1);
        plain.subscribe("metrics", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        int count = 10;
        for (int i = 0; i < count; i++) {
            Clients.publish(pub, "metrics", "m-" + i, 1, false);
        }

        await().atMost(RECEIVE).until(() -> a1.receivedCount() + a2.receivedCount() >= count
                && b1.receivedCount() >= count && plain.receivedCount() >= count);
        Thread.sleep(200);
        Set<String> group1 = new HashSet<>();
        int group1Copies = 0;
        for (PahoClient c : List.of(a1, a2)) {
            for (PahoClient.Received r : c.drain()) {
                group1.add(r.payload());
                group1Copies++;
            }
        }
        assertThat(group1Copies).isEqualTo(count);
        assertThat(group1).hasSize(count);
        assertThat(b1.drain()).hasSize(count);
        assertThat(plain.drain()).hasSize(count);
    }

    @Test
    void aMemberThatUnsubscribesNoLongerReceivesAndTheOtherGetsEverything() throws Exception {
        PahoClient a = clients.pahoConnected("member-a");
        PahoClient b = clients.pahoConnected("member-b");
        a.subscribe("$share/grp/t", 1);
        b.subscribe("$share/grp/t", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        a.unsubscribe("$share/grp/t");
        for (int i = 0; i < 6; i++) {
            Clients.publish(pub, "t", "x" + i, 1, false);
        }

        await().atMost(RECEIVE).until(() -> b.receivedCount() >= 6);
        assertThat(a.poll(SILENCE)).isEmpty();
        assertThat(b.drain()).extracting(PahoClient.Received::payload)
                .containsExactly("x0", "x1", "x2", "x3", "x4", "x5");
    }

    @Test
    void disconnectedMemberIsSkippedWhileAnotherIsOnline() throws Exception {
        PahoClient a = clients.pahoConnected("member-a");
        PahoClient b = clients.pahoConnected("member-b");
        a.subscribe("$share/grp/s", 1);
        b.subscribe("$share/grp/s", 1);
        a.disconnect(); // clean session: its membership goes with it
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        for (int i = 0; i < 6; i++) {
            Clients.publish(pub, "s", "y" + i, 1, false);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> b.receivedCount() >= 6);
        assertThat(b.drain()).hasSize(6);
    }

    private static List<Integer> indexes(List<PahoClient.Received> got) {
        return got.stream().map(r -> Integer.parseInt(r.payload().substring(4))).collect(Collectors.toList());
    }
}
