package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinhub.core.BrokerLimits;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.SILENCE;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code maxQueuedMessages = 5} an offline session keeps at most five messages. */
class OfflineQueueBoundTest {

    private static final int BOUND = 5;

    @RegisterExtension
    final RunningNode node = new RunningNode(l -> new BrokerLimits(
            l.maxPacketSize(), l.maxTopicLength(), l.maxTopicLevels(), l.receiveMaximum(), l.maxInflight(),
            BOUND, l.maxConnections(), l.maxSessionExpirySeconds(), l.serverKeepAliveSeconds(),
            l.topicAliasMaximum(), l.maxClientIdLength(), l.maxSubscriptionsPerClient()));
    @RegisterExtension
    final Clients clients = new Clients(node);

    private void offlineSubscriber(String clientId, String filter, int qos) throws Exception {
        PahoClient sub = clients.paho(clientId);
        sub.connect(false);
        sub.subscribe(filter, qos);
        sub.disconnect();
        clients.awaitOffline(clientId);
    }

    private List<String> reconnectAndReceiveAll(String clientId) throws Exception {
        return reconnectAndReceiveAll(clients.paho(clientId));
    }

    private static List<String> reconnectAndReceiveAll(PahoClient back) throws Exception {
        assertThat(back.connect(false)).isTrue();
        List<String> got = new ArrayList<>();
        for (var r = back.poll(RECEIVE); r.isPresent(); r = back.poll(SILENCE)) {
            got.add(r.get().payload());
        }
        return got;
    }

    @Test
    void onlyTheFirstFiveQos1MessagesAreKeptForAnOfflineSession() throws Exception {
        offlineSubscriber("bounded", "bound/#", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        for (int i = 0; i < 20; i++) {
            Clients.publish(pub, "bound/x", "m" + i, 1, false);
        }

        assertThat(reconnectAndReceiveAll("bounded")).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void queueAcceptsMessagesAgainOnceDrained() throws Exception {
        offlineSubscriber("bounded", "bound/#", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        for (int i = 0; i < 8; i++) {
            Clients.publish(pub, "bound/x", "first-" + i, 1, false);
        }
        PahoClient back = clients.paho("bounded");
        assertThat(reconnectAndReceiveAll(back)).hasSize(BOUND);
        back.disconnect();
        clients.awaitOffline("bounded");

        for (int i = 0; i < 8; i++) {
            Clients.publish(pub, "bound/x", "second-" + i, 1, false);
        }

        assertThat(reconnectAndReceiveAll("bounded"))
                .containsExactly("second-0", "second-1", "second-2", "second-3", "second-4");
    }

    @Test
    void aFullQueueMakesRoomForQos1ByDroppingTheOldestQos0() throws Exception {
        offlineSubscriber("mixed", "mix/#", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "mix/a", "q0-a", 0, false);
        Clients.publish(pub, "mix/a", "q1-1", 1, false);
        Clients.publish(pub, "mix/a", "q0-b", 0, false);
        Clients.publish(pub, "mix/a", "q1-2", 1, false);
        Clients.publish(pub, "mix/a", "q1-3", 1, false);  // queue full: q0-a q1-1 q0-b q1-2 q1-3
        Clients.publish(pub, "mix/a", "q1-4", 1, false);  // drops q0-a
        Clients.publish(pub, "mix/a", "q1-5", 1, false);  // drops q0-b
        Clients.publish(pub, "mix/a", "q1-6", 1, false);  // no QoS 0 left: refused

        assertThat(reconnectAndReceiveAll("mixed")).containsExactly("q1-1", "q1-2", "q1-3", "q1-4", "q1-5");
    }
}
