package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets after CONNECT that MQTT 3.1.1 calls malformed or a protocol violation: the server closes
 * the connection (publishing the will), and the well-formed edge cases it must answer instead.
 */
class MalformedPacketTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    private RawMqtt connected(String clientId) throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, clientId, true, 30, "will/" + clientId, "closed by server", 0, false));
        assertThat(raw.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();
        return raw;
    }

    private Mqtt3BlockingClient.Mqtt3Publishes willWatcher() {
        Mqtt3BlockingClient w = clients.hiveConnected("watcher");
        var publishes = publishes(w);
        Clients.subscribe(w, "will/#", 0);
        return publishes;
    }

    @Test
    void publishToTopicWithWildcardClosesTheConnectionAndPublishesTheWill() throws Exception {
        var watched = willWatcher();
        Mqtt3BlockingClient sub = clients.hiveConnected("sub");
        var subPublishes = publishes(sub);
        Clients.subscribe(sub, "#", 1);
        RawMqtt raw = connected("wild-publisher");

        raw.send(RawMqtt.publishPacket("bad/+/topic", 1, false, false, 1, "x"));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("no PUBACK for an invalid topic").noneMatch(p -> p.type() == RawMqtt.PUBACK);
        var will = next(watched);
        assertThat(text(will)).isEqualTo("closed by server");
        // The '#' subscriber sees the will but never the invalid publish.
        assertThat(next(subPublishes).getTopic().toString()).isEqualTo("will/wild-publisher");
        Clients.assertNothing(subPublishes);
    }

    @Test
    void publishWithQos3ClosesTheConnection() throws Exception {
        RawMqtt raw = connected("qos3");
        byte[] publish = RawMqtt.publishPacket("t", 2, false, false, 1, "x");
        publish[0] |= 0x06; // both QoS bits

        raw.send(publish);

        raw.awaitClosed(RECEIVE);
    }

    @Test
    void subscribeWithWrongFixedHeaderFlagsClosesTheConnection() throws Exception {
        RawMqtt raw = connected("bad-flags");
        byte[] subscribe = RawMqtt.subscribePacket(1, "t", 0);
        subscribe[0] = (byte) (RawMqtt.SUBSCRIBE << 4); // flags 0000 instead of 0010

        raw.send(subscribe);

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).noneMatch(p -> p.type() == RawMqtt.SUBACK);
    }

    @Test
    void subscribeRequestingQos3ClosesTheConnection() throws Exception {
        RawMqtt raw = connected("sub-qos3");

        raw.send(RawMqtt.subscribePacket(1, new String[] {"t"}, new int[] {3}));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("MQTT 3.1.1 §3.8.3.1: malformed, no SUBACK").noneMatch(p -> p.type() == RawMqtt.SUBACK);
    }

    @Test
    void subscribeWithReservedOptionBitsClosesTheConnection() throws Exception {
        RawMqtt raw = connected("sub-reserved");

        raw.send(RawMqtt.subscribePacket(1, new String[] {"t"}, new int[] {0x04 | 1}));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("MQTT 3.1.1 §3.8.3.1: malformed, no SUBACK").noneMatch(p -> p.type() == RawMqtt.SUBACK);
    }

    @Test
    void packetLargerThanTheMaximumClosesTheConnection() throws Exception {
        RawMqtt raw = connected("too-big");
        int max = node.node().broker().limits().maxPacketSize();

        try {
            raw.send(RawMqtt.publishPacket("big", 1, false, false, 1, "x".repeat(max + 1)));
        } catch (java.net.SocketException closedWhileWriting) {
            return; // the server dropped the connection before reading it all: what we want
        }

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).noneMatch(p -> p.type() == RawMqtt.PUBACK);
    }

    // ---------------------------------------------------------------- well-formed edge cases

    @Test
    void subscribeWithSeveralFiltersGetsOneReturnCodePerFilterInOrder() throws Exception {
        RawMqtt raw = connected("multi");

        raw.send(RawMqtt.subscribePacket(42, new String[] {"m/a", "m/+/b", "m/#/bad", "m/c"}, new int[] {2, 0, 1, 1}));

        RawMqtt.Packet suback = raw.expect(RawMqtt.SUBACK, RECEIVE);
        assertThat(suback.ackId()).isEqualTo(42);
        assertThat(suback.grantedQos()).containsExactly(2, 0, 0x80, 1);
    }

    @Test
    void unsubscribeFromUnknownFilterIsStillAcknowledged() throws Exception {
        RawMqtt raw = connected("unsub");

        raw.send(RawMqtt.unsubscribePacket(9, "never/subscribed"));

        RawMqtt.Packet unsuback = raw.expect(RawMqtt.UNSUBACK, RECEIVE);
        assertThat(unsuback.ackId()).isEqualTo(9);
        assertThat(unsuback.body()).as("3.1.1 UNSUBACK has only the packet id").hasSize(2);
    }

    @Test
    void largePayloadBelowTheLimitIsDeliveredIntact() throws Exception {
        PahoClient sub = clients.pahoConnected("sub");
        sub.subscribe("big/ok", 1);
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        StringBuilder payload = new StringBuilder();
        for (int i = 0; payload.length() < 200_000; i++) {
            payload.append(i).append(',');
        }

        Clients.publish(pub, "big/ok", payload.toString(), 1, false);

        assertThat(sub.next(RECEIVE).payload()).isEqualTo(payload.toString());
    }
}
