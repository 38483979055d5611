package io.twinhub.core.session;

import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.core.store.MemoryStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    private final ManualLoop loop = new ManualLoop();
    private BrokerLimits limits = BrokerLimits.defaults();
    private Broker broker = new Broker(limits, new MemoryStore());

    private void withLimits(int maxInflight, int maxQueued) {
        BrokerLimits d = BrokerLimits.defaults();
        limits = new BrokerLimits(d.maxPacketSize(), d.maxTopicLength(), d.maxTopicLevels(), d.receiveMaximum(),
                maxInflight, maxQueued, d.maxConnections(), d.maxSessionExpirySeconds(), d.serverKeepAliveSeconds(),
                d.topicAliasMaximum(), d.maxClientIdLength(), d.maxSubscriptionsPerClient());
        broker = new Broker(limits, new MemoryStore());
    }

    private Session connect(String clientId, boolean cleanStart, RecordingConnection c, long expiry, Will will) {
        AtomicReference<Session> attached = new AtomicReference<>();
        broker.registry().connect(clientId, cleanStart, c, new ConnectCallback() {
            @Override public void attached(Session s, boolean present) {
                attached.set(s);
                s.attach(c, expiry, will);
            }
            @Override public void superseded() { }
        });
        return attached.get();
    }

    private static Delivery delivery(String topic, int qos) {
        Message m = new Message(topic, qos, false, new BytesPayload(new byte[] {1}), MessageProperties.NONE,
                Message.NO_EXPIRY, "publisher");
        return new Delivery(m, m.payload(), qos, false, null);
    }

    @Test
    void qos1BeyondTheWindowWaitsAndFollowsAcknowledgementsInOrder() {
        withLimits(2, 100);
        RecordingConnection c = new RecordingConnection(loop);
        Session s = connect("c", true, c, 60, null);
        for (int i = 0; i < 5; i++) {
            s.offer(delivery("t/" + i, 1));
        }
        assertThat(c.topics()).containsExactly("t/0", "t/1");
        s.onPuback(c.sent.get(0).packetId());
        assertThat(c.topics()).containsExactly("t/0", "t/1", "t/2");
        s.onPuback(c.sent.get(1).packetId());
        s.onPuback(c.sent.get(2).packetId());
        assertThat(c.topics()).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    }

    @Test
    void shadowAndCommandMessagesPassAheadOfWaitingTelemetryEachLaneInOrder() {
        withLimits(1, 100);
        RecordingConnection c = new RecordingConnection(loop);
        Session s = connect("dashboard", true, c, 60, null);
        for (int i = 0; i < 3; i++) {
            s.offer(delivery("$twin/things/d" + i + "/telemetry", 1));
        }
        s.offer(delivery("$twin/things/d1/shadow/update/documents", 1));
        s.offer(delivery("plain/topic", 1));
        s.offer(delivery("$aws/things/d2/shadow/name/x/update/delta", 1));
        s.offer(delivery("$twin/things/d2/commands/42", 1));
        for (int i = 0; i < 7; i++) {
            s.onPuback(c.sent.getLast().packetId());
        }
        assertThat(c.topics()).containsExactly(
                "$twin/things/d0/telemetry",  // already on its way
                "$twin/things/d1/shadow/update/documents",
                "$aws/things/d2/shadow/name/x/update/delta",
                "$twin/things/d2/commands/42",
                "$twin/things/d1/telemetry",
                "$twin/things/d2/telemetry",
                "plain/topic");
    }

    @Test
    void onlyTheHubsInteractiveTopicsAreUrgent() {
        assertThat(DeliveryPriority.isUrgent("$twin/things/a/shadow/get/accepted")).isTrue();
        assertThat(DeliveryPriority.isUrgent("$aws/things/a/shadow/update/delta")).isTrue();
        assertThat(DeliveryPriority.isUrgent("$twin/things/a/commands/1")).isTrue();
        assertThat(DeliveryPriority.isUrgent("$twin/things/a/telemetry")).isFalse();
        assertThat(DeliveryPriority.isUrgent("$twin/things/a/presence")).isFalse();
        assertThat(DeliveryPriority.isUrgent("$twin/things/shadow")).isFalse();
        assertThat(DeliveryPriority.isUrgent("things/a/shadow/get")).isFalse();
        assertThat(DeliveryPriority.isUrgent("")).isFalse();
    }

    @Test
    void clientReceiveMaximumNarrowsTheWindow() {
        RecordingConnection c = new RecordingConnection(loop);
        c.receiveMaximum = 1;
        Session s = connect("c", true, c, 60, null);
        s.offer(delivery("a", 1));
        s.offer(delivery("b", 2));
        assertThat(c.topics()).containsExactly("a");
        s.onPuback(c.sent.get(0).packetId());
        assertThat(c.topics()).containsExactly("a", "b");
    }

    @Test
    void fullOfflineQueueDropsOldestQos0FirstThenRefusesNewMessages() {
        withLimits(10, 3);
        RecordingConnection first = new RecordingConnection(loop);
        Session s = connect("c", false, first, 3600, null);
        s.connectionLost(true);
        s.offer(delivery("q0-a", 0));
        s.offer(delivery("q1-a", 1));
        s.offer(delivery("q1-b", 1));
        s.offer(delivery("q1-c", 1));   // drops q0-a
        s.offer(delivery("q1-d", 1));   // nothing QoS 0 left: refused
        assertThat(broker.metrics().drops(DropReason.QUEUE_FULL)).isEqualTo(2);

        RecordingConnection second = new RecordingConnection(loop);
        connect("c", false, second, 3600, null);
        assertThat(second.topics()).containsExactly("q1-a", "q1-b", "q1-c");
    }

    @Test
    void unacknowledgedMessagesAreResentWithDupAfterReconnect() {
        RecordingConnection first = new RecordingConnection(loop);
        Session s = connect("c", false, first, 3600, null);
        s.offer(delivery("one", 1));
        s.offer(delivery("two", 2));
        s.onPubrec(first.sent.get(1).packetId());
        assertThat(first.last().kind()).isEqualTo("PUBREL");
        s.connectionLost(false);

        RecordingConnection second = new RecordingConnection(loop);
        connect("c", false, second, 3600, null);
        assertThat(second.sent).hasSize(2);
        assertThat(second.sent.get(0)).satisfies(p -> {
            assertThat(p.kind()).isEqualTo("PUBLISH");
            assertThat(p.topic()).isEqualTo("one");
            assertThat(p.dup()).isTrue();
            assertThat(p.packetId()).isEqualTo(first.sent.get(0).packetId());
        });
        assertThat(second.sent.get(1).kind()).isEqualTo("PUBREL");
        assertThat(s.onPubcomp(second.sent.get(1).packetId())).isTrue();
        assertThat(s.inflightCount()).isEqualTo(1);
    }

    @Test
    void expiredMessagesAreNotDelivered() {
        RecordingConnection c = new RecordingConnection(loop);
        Session s = connect("c", true, c, 60, null);
        Message old = new Message("old", 1, false, new BytesPayload(new byte[0]), MessageProperties.NONE,
                System.currentTimeMillis() - 1, null);
        s.offer(new Delivery(old, old.payload(), 1, false, null));
        assertThat(c.sent).isEmpty();
        assertThat(broker.metrics().drops(DropReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    void slowSubscriberLosesQos0ButNotQos1() {
        RecordingConnection c = new RecordingConnection(loop);
        Session s = connect("c", true, c, 60, null);
        c.writable = false;
        s.offer(delivery("zero", 0));
        s.offer(delivery("one", 1));
        assertThat(c.topics()).containsExactly("one");
        assertThat(broker.metrics().drops(DropReason.SLOW_SUBSCRIBER_QOS0)).isEqualTo(1);
    }

    @Test
    void aPacketIdStillInFlightIsNotReusedTheMessageNeedingItWaits() {
        RecordingConnection c = new RecordingConnection(loop);
        Session s = connect("c", true, c, 60, null);
        s.offer(delivery("held", 1));
        int held = c.sent.get(0).packetId();
        for (int i = 0; i < 65_534; i++) {      // one full turn of the other packet ids
            s.offer(delivery("x", 1));
            assertThat(c.last().packetId()).isNotEqualTo(held);
            s.onPuback(c.last().packetId());
        }
        int sentBefore = c.sent.size();
        s.offer(delivery("blocked", 1));        // its sequence number maps to the held id
        assertThat(c.sent).hasSize(sentBefore);
        s.onPuback(held);
        assertThat(c.last().topic()).isEqualTo("blocked");
        assertThat(c.last().packetId()).isEqualTo(held);
    }

    @Test
    void aDurablePublishReachesEverySubscribedSessionOnceInPublishOrder() {
        List<RecordingConnection> subscribers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RecordingConnection c = new RecordingConnection(loop);
            connect("s" + i, true, c, 60, null).subscribe(new Subscription("s" + i, "fan/#", null, 1, false, false, 0, 0));
            subscribers.add(c);
        }
        int[] delivered = new int[3];
        for (int m = 0; m < 3; m++) {
            int n = m;
            Message msg = new Message("fan/" + m, 1, false, new BytesPayload(new byte[] {1}), MessageProperties.NONE,
                    Message.NO_EXPIRY, "publisher");
            broker.router().publishDurably(msg, broker.store().newGroup(), false,
                    (count, error) -> delivered[n] = error == null ? count : -1);
        }
        assertThat(delivered).containsExactly(6, 6, 6);
        for (RecordingConnection c : subscribers) {
            assertThat(c.topics()).containsExactly("fan/0", "fan/1", "fan/2");
        }
    }

    @Test
    void willIsPublishedOnAbnormalEndButNotOnDisconnect() {
        RecordingConnection watcher = new RecordingConnection(loop);
        Session w = connect("watcher", true, watcher, 60, null);
        w.subscribe(new Subscription("watcher", "will/#", null, 1, false, false, 0, 0));

        Message willMessage = new Message("will/a", 1, false, new BytesPayload(new byte[] {9}), MessageProperties.NONE,
                Message.NO_EXPIRY, "a");
        Session a = connect("a", true, new RecordingConnection(loop), 0, new Will(willMessage, 0, -1));
        a.connectionLost(true);
        assertThat(watcher.topics()).isEmpty();

        Session a2 = connect("a", true, new RecordingConnection(loop), 0, new Will(willMessage, 0, -1));
        a2.connectionLost(false);
        assertThat(watcher.topics()).containsExactly("will/a");
    }

    @Test
    void delayedWillIsCancelledWhenTheSessionResumes() {
        RecordingConnection watcher = new RecordingConnection(loop);
        Session w = connect("watcher", true, watcher, 60, null);
        w.subscribe(new Subscription("watcher", "will/#", null, 1, false, false, 0, 0));
        Message willMessage = new Message("will/b", 0, false, new BytesPayload(new byte[] {9}), MessageProperties.NONE,
                Message.NO_EXPIRY, "b");

        Session b = connect("b", false, new RecordingConnection(loop), 600, new Will(willMessage, 5, -1));
        b.connectionLost(false);
        loop.advance(2_000);
        connect("b", false, new RecordingConnection(loop), 600, null);
        loop.advance(10_000);
        assertThat(watcher.topics()).isEmpty();

        b.connectionLost(false);  // the resumed connection has no will
        Session b3 = connect("b", false, new RecordingConnection(loop), 600, new Will(willMessage, 5, -1));
        b3.connectionLost(false);
        loop.advance(5_000);
        assertThat(watcher.topics()).containsExactly("will/b");
    }

    @Test
    void sessionEndsWhenItsExpiryPasses() {
        Session s = connect("gone", false, new RecordingConnection(loop), 30, null);
        s.subscribe(new Subscription("gone", "x", null, 1, false, false, 0, 0));
        s.connectionLost(true);
        loop.advance(29_000);
        assertThat(broker.registry().get("gone")).isSameAs(s);
        loop.advance(1_000);
        assertThat(broker.registry().get("gone")).isNull();
        assertThat(broker.subscriptions().size()).isZero();
    }

    @Test
    void takeOverClosesTheOldConnectionAndKeepsTheSession() {
        RecordingConnection first = new RecordingConnection(loop);
        Session s = connect("dup", false, first, 3600, null);
        s.subscribe(new Subscription("dup", "t", null, 1, false, false, 0, 0));
        RecordingConnection second = new RecordingConnection(loop);
        Session again = connect("dup", false, second, 3600, null);
        assertThat(first.takenOver).isTrue();
        assertThat(again).isSameAs(s);
        assertThat(s.isAttachedTo(second)).isTrue();
        assertThat(s.subscriptionCount()).isEqualTo(1);
    }
}
