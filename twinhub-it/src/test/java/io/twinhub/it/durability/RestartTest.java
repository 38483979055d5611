package io.twinhub.it.durability;

import io.twinhub.it.durability.NodeProcess.Stop;
import io.twinhub.it.durability.Proto.HiveClient;
import io.twinhub.it.durability.Proto.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node keeps across a restart, graceful (SIGTERM) and brutal (SIGKILL): retained
 * messages, persistent sessions with their subscriptions and queued messages, messages in flight
 * (sent again with DUP and the same packet ids), wills of sessions cut by the crash; and what it
 * must not keep: sessions whose expiry has passed. Each test runs its own broker process and
 * checks MQTT 3.1.1 and 5.0 clients side by side.
 *
 * <p>Most tests call {@link StoreBarrier#await} before a SIGKILL, so that what they check is
 * recovery, whatever the speed of the disk; the tests named "...JustBeforeKill9..." do not: they
 * check that an acknowledgement (SUBACK, CONNACK) already stood for durable state.
 */
class RestartTest {

    static final Duration RECEIVE = Duration.ofSeconds(10);
    /** How long to listen before concluding that nothing (more) comes. */
    static final Duration QUIET = Duration.ofMillis(600);
    static final long LONG_EXPIRY = 300;

    @RegisterExtension
    final NodeLab lab = new NodeLab();

    private HiveClient hive(NodeProcess node, Proto proto, String clientId) {
        return lab.track(proto.client(node, clientId));
    }

    private Wire wire(NodeProcess node, Wire.Connect connect) throws Exception {
        return lab.track(Wire.connect(node.port(), connect));
    }

    /**
     * Keeps the store's writer busy until the node dies, so that a write the test causes waits
     * in the queue for a moment: long enough for a SIGKILL right after the acknowledgement to
     * land before the write, if the broker acknowledged without waiting for it.
     */
    private void keepStoreBusy(NodeProcess node) throws Exception {
        LoadPublisher busy = LoadPublisher.keepingTheStoreBusy("busy");
        lab.track(busy::close);
        busy.start(node.port());
        long deadline = System.nanoTime() + RECEIVE.toNanos();
        while (busy.acked.size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(busy.acked.size()).as("retained messages acknowledged to the busy publisher").isGreaterThanOrEqualTo(50);
    }

    private static List<Received> receiveUntilQuiet(HiveClient c) throws InterruptedException {
        List<Received> got = new ArrayList<>();
        for (Optional<Received> r; (r = c.receive(QUIET)).isPresent(); ) {
            got.add(r.get());
        }
        return got;
    }

    private static String id(String base, Proto proto) {
        return base + "-" + proto.name().toLowerCase();
    }

    // ---------------------------------------------------------------- retained messages

    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void retainedMessagesSurviveRestart(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        for (Proto p : Proto.values()) {
            HiveClient pub = hive(node, p, id("retainer", p));
            pub.connect(false, 0);
            String t = "ret/" + p + "/";
            pub.publish(t + "kept", "kept", 1, true);
            pub.publish(t + "replaced", "first", 1, true);
            pub.publish(t + "replaced", "second", 2, true);
            pub.publish(t + "cleared", "soon gone", 1, true);
            pub.publish(t + "cleared", "", 1, true);
            pub.publish(t + "set-late", "late", 2, true);
        }

        node.restart(stop);

        for (Proto p : Proto.values()) {
            HiveClient sub = hive(node, p, id("reader", p));
            sub.connect(false, 0);
            String t = "ret/" + p + "/";
            sub.subscribe(t + "#", 1);
            Map<String, String> retained = new LinkedHashMap<>();
            for (Received r : receiveUntilQuiet(sub)) {
                assertThat(r.retain()).as("RETAIN flag of " + r).isTrue();
                assertThat(retained.put(r.topic(), r.payload())).as("retained message sent twice: " + r).isNull();
            }
            assertThat(retained).as(p + " retained messages after restart")
                    .isEqualTo(Map.of(t + "kept", "kept", t + "replaced", "second", t + "set-late", "late"));
        }
    }

    // ---------------------------------------------------------------- persistent sessions

    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void persistentSubscriptionsSurviveRestart(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        for (Proto p : Proto.values()) {
            HiveClient sub = hive(node, p, id("keeper", p));
            assertThat(sub.connect(true, LONG_EXPIRY)).as("session present on first connect").isFalse();
            sub.subscribe("keep/" + p + "/+", 1);
            sub.subscribe("keep2/" + p + "/#", 2);
            sub.disconnect();
        }
        StoreBarrier.await(node);

        node.restart(stop);

        for (Proto p : Proto.values()) {
            HiveClient back = hive(node, p, id("keeper", p));
            assertThat(back.connect(true, LONG_EXPIRY)).as(p + " session present after restart").isTrue();
            HiveClient pub = hive(node, p, id("pub", p));
            pub.connect(false, 0);
            pub.publish("keep/" + p + "/1", "one", 1, false);
            pub.publish("keep2/" + p + "/a/b", "two", 2, false);

            Received first = back.next(RECEIVE);
            Received second = back.next(RECEIVE);
            assertThat(List.of(first.payload(), second.payload())).containsExactly("one", "two");
            assertThat(first.qos()).isEqualTo(1);
            assertThat(second.qos()).isEqualTo(2);
            assertThat(back.receive(QUIET)).isEmpty();
        }
    }

    /**
     * SUBACK tells the client its subscription exists: a crash right after it must not lose it,
     * even while other clients keep the store busy.
     */
    @Test
    void subscriptionAcknowledgedJustBeforeKill9Survives() throws Exception {
        NodeProcess node = lab.startNode("data");
        keepStoreBusy(node);
        for (Proto p : Proto.values()) {
            HiveClient sub = hive(node, p, id("just-subscribed", p));
            sub.connect(true, LONG_EXPIRY);
            sub.subscribe("fresh/" + p + "/#", 1);
        }

        node.restart(Stop.KILL_9);

        for (Proto p : Proto.values()) {
            HiveClient back = hive(node, p, id("just-subscribed", p));
            assertThat(back.connect(true, LONG_EXPIRY)).as(p + " session present after restart").isTrue();
            HiveClient pub = hive(node, p, id("pub", p));
            pub.connect(false, 0);
            pub.publish("fresh/" + p + "/x", "found", 1, false);
            assertThat(back.receive(RECEIVE)).as(p + " message through the subscription SUBACKed before the crash")
                    .map(Received::payload).contains("found");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void messagesQueuedForOfflineSessionSurviveRestartInOrder(Stop stop) throws Exception {
        int count = 30;
        NodeProcess node = lab.startNode("data");
        for (Proto p : Proto.values()) {
            HiveClient sub = hive(node, p, id("offline", p));
            sub.connect(true, LONG_EXPIRY);
            sub.subscribe("queue/" + p + "/#", 2);
            sub.disconnect();
        }
        Thread.sleep(200); // let the broker see the DISCONNECTs, so that the messages really are queued
        for (Proto p : Proto.values()) {
            HiveClient pub = hive(node, p, id("pub", p));
            pub.connect(false, 0);
            for (int i = 0; i < count; i++) {
                pub.publish("queue/" + p + "/" + (i % 3), "m" + i, i % 2 == 0 ? 1 : 2, false);
            }
        }

        node.restart(stop);

        for (Proto p : Proto.values()) {
            HiveClient back = hive(node, p, id("offline", p));
            assertThat(back.connect(true, LONG_EXPIRY)).as(p + " session present after restart").isTrue();
            List<String> got = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Received r = back.next(RECEIVE);
                got.add(r.topic() + " " + r.payload() + " qos" + r.qos() + (r.retain() ? " retained" : ""));
                expected.add("queue/" + p + "/" + (i % 3) + " m" + i + " qos" + (i % 2 == 0 ? 1 : 2));
            }
            assertThat(got).as(p + " queued messages after restart, in publish order").containsExactlyElementsOf(expected);
            assertThat(receiveUntilQuiet(back)).as(p + " nothing after the queued messages").isEmpty();
        }
    }

    // ---------------------------------------------------------------- session expiry

    /**
     * MQTT 5 sessions with a 2 s expiry: one whose expiry passes while the node is down, one whose
     * expiry runs out after the restart, one whose connection the stop itself cut (its expiry
     * counts from the restart, or from the stop if the node recorded it). All three are gone with
     * their subscriptions and queued messages; a long-lived session beside them shows that the
     * restart itself kept sessions.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void sessionsPastTheirExpiryAreGoneAfterRestart(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        subscribeAndLeave(node, "expires-while-down", 2);
        subscribeAndLeave(node, "expires-after-restart", 8);
        subscribeAndLeave(node, "long-lived", LONG_EXPIRY);
        HiveClient cut = hive(node, Proto.V5, "cut-by-stop");
        cut.connect(true, 2);
        cut.subscribe("exp/#", 1);
        Thread.sleep(200); // the broker has seen the DISCONNECTs: their times are in the write queue
        long left = System.nanoTime();
        HiveClient pub = hive(node, Proto.V5, "pub");
        pub.connect(false, 0);
        pub.publish("exp/1", "queued", 1, false);
        StoreBarrier.await(node);

        if (stop == Stop.KILL_9) {
            node.kill9();
        } else {
            node.stop();
        }
        sleepUntil(left, Duration.ofMillis(2500));
        node.start();
        long restarted = System.nanoTime();
        assertThat(restarted - left).as("restart came before expires-after-restart expired")
                .isLessThan(Duration.ofMillis(7500).toNanos());
        sleepUntil(Math.max(restarted + Duration.ofMillis(3000).toNanos(), left + Duration.ofMillis(9000).toNanos()),
                Duration.ZERO);

        List<HiveClient> gone = new ArrayList<>();
        for (String id : List.of("expires-while-down", "expires-after-restart", "cut-by-stop")) {
            HiveClient back = hive(node, Proto.V5, id);
            assertThat(back.connect(true, LONG_EXPIRY)).as(id + ": session present after its expiry").isFalse();
            gone.add(back);
        }
        HiveClient longLived = hive(node, Proto.V5, "long-lived");
        assertThat(longLived.connect(true, LONG_EXPIRY)).as("long-lived session present").isTrue();
        assertThat(longLived.next(RECEIVE).payload()).isEqualTo("queued");

        HiveClient pub2 = hive(node, Proto.V5, "pub-after-expiry");
        pub2.connect(false, 0);
        pub2.publish("exp/2", "after expiry", 1, false);
        assertThat(longLived.next(RECEIVE).payload()).isEqualTo("after expiry");
        for (HiveClient back : gone) {
            assertThat(back.receive(QUIET))
                    .as("a queued message, or one through a subscription, of an expired session").isEmpty();
        }
    }

    private void subscribeAndLeave(NodeProcess node, String clientId, long expirySeconds) {
        HiveClient c = hive(node, Proto.V5, clientId);
        assertThat(c.connect(true, expirySeconds)).isFalse();
        c.subscribe("exp/#", 1);
        c.disconnect();
    }

    private static void sleepUntil(long startNanos, Duration after) throws InterruptedException {
        long left = startNanos + after.toNanos() - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    // ---------------------------------------------------------------- messages in flight

    /** QoS 1 sent but never acknowledged: after the restart the same packets again, with DUP. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void unacknowledgedQos1IsRedeliveredWithDupAndSamePacketIds(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        Map<Proto, List<WirePacket>> first = new LinkedHashMap<>();
        for (Proto p : Proto.values()) {
            Wire sub = wire(node, Wire.Connect.persistent(p.level, id("no-acks", p), LONG_EXPIRY));
            sub.subscribeAndAwait(1, "inflight/" + p + "/#", 1);
            HiveClient pub = hive(node, p, id("pub", p));
            pub.connect(false, 0);
            List<WirePacket> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pub.publish("inflight/" + p + "/x", "m" + i, 1, false);
                got.add(sub.expect(Wire.PUBLISH, RECEIVE, null));
            }
            assertThat(got).allSatisfy(x -> assertThat(x.dup()).as("DUP on first delivery").isFalse());
            first.put(p, got);
        }

        node.restart(stop);

        for (Proto p : Proto.values()) {
            Wire back = wire(node, Wire.Connect.persistent(p.level, id("no-acks", p), LONG_EXPIRY));
            assertThat(back.connack().sessionPresent()).as(p + " session present after restart").isTrue();
            List<String> expected = new ArrayList<>();
            List<String> again = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WirePacket p1 = first.get(p).get(i);
                expected.add(p1.payload() + " qos1 id=" + p1.packetId() + " dup=true");
                WirePacket p2 = back.expect(Wire.PUBLISH, RECEIVE, null);
                again.add(p2.payload() + " qos" + p2.qos() + " id=" + p2.packetId() + " dup=" + p2.dup());
                back.ack(Wire.PUBACK, p2.packetId());
            }
            assertThat(again).as(p + " redelivered after restart: same order, packet ids, DUP set")
                    .containsExactlyElementsOf(expected);
            assertThat(back.poll(QUIET)).as("nothing after the redeliveries").isEmpty();
        }
    }

    /** The same with a real client library: Paho 3.1.1 withholding its PUBACKs. */
    @Test
    void unacknowledgedQos1IsRedeliveredWithDupToPaho() throws Exception {
        NodeProcess node = lab.startNode("data");
        PahoV3 sub = lab.track(new PahoV3(node.tcpUri(), "paho-no-acks", true));
        assertThat(sub.connectPersistent()).isFalse();
        sub.subscribe("inflight/#", 1);
        HiveClient pub = hive(node, Proto.V3, "pub");
        pub.connect(false, 0);
        pub.publish("inflight/p", "ack me", 1, false);
        pub.publish("inflight/p", "me too", 1, false);
        PahoV3.Received a = sub.next(RECEIVE);
        PahoV3.Received b = sub.next(RECEIVE);
        assertThat(a.duplicate() || b.duplicate()).isFalse();

        node.restart(Stop.KILL_9);

        PahoV3 back = lab.track(new PahoV3(node.tcpUri(), "paho-no-acks", false));
        assertThat(back.connectPersistent()).as("session present after restart").isTrue();
        PahoV3.Received a2 = back.next(RECEIVE);
        PahoV3.Received b2 = back.next(RECEIVE);
        assertThat(List.of(a2, b2)).extracting(r -> r.payload() + " id=" + r.id() + " dup=" + r.duplicate())
                .containsExactly("ack me id=" + a.id() + " dup=true", "me too id=" + b.id() + " dup=true");
        assertThat(back.poll(QUIET)).isEmpty();
    }

    /**
     * QoS 2 towards a subscriber, stopped at both stages: one message PUBREC'd by the client
     * (the broker answered PUBREL, so it must never send that PUBLISH again), one not PUBREC'd
     * (sent again with DUP and its packet id). Other clients keep the store busy meanwhile, so
     * that a SIGKILL right after the PUBREL lands before any write that the PUBREL did not wait for.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void qos2InFlightResumesWhereItStopped(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        keepStoreBusy(node);
        Map<Proto, int[]> ids = new LinkedHashMap<>();
        for (Proto p : Proto.values()) {
            Wire sub = wire(node, Wire.Connect.persistent(p.level, id("q2-sub", p), LONG_EXPIRY));
            sub.subscribeAndAwait(1, "q2/" + p + "/#", 2);
            HiveClient pub = hive(node, p, id("pub", p));
            pub.connect(false, 0);
            pub.publish("q2/" + p + "/x", "released", 2, false);
            WirePacket released = sub.expect(Wire.PUBLISH, RECEIVE, null);
            pub.publish("q2/" + p + "/x", "unreceived", 2, false);
            WirePacket unreceived = sub.expect(Wire.PUBLISH, RECEIVE, null);
            sub.ack(Wire.PUBREC, released.packetId());
            assertThat(sub.expect(Wire.PUBREL, RECEIVE, null).packetId()).isEqualTo(released.packetId());
            ids.put(p, new int[] {released.packetId(), unreceived.packetId()});
        }

        node.restart(stop);

        for (Proto p : Proto.values()) {
            int releasedId = ids.get(p)[0];
            int unreceivedId = ids.get(p)[1];
            Wire back = wire(node, Wire.Connect.persistent(p.level, id("q2-sub", p), LONG_EXPIRY));
            assertThat(back.connack().sessionPresent()).as(p + " session present after restart").isTrue();
            List<String> got = new ArrayList<>();
            got.add(describe(back.next(RECEIVE)));
            got.add(describe(back.next(RECEIVE)));
            assertThat(got).as(p + " after restart: PUBREL of the PUBREC'd message, then the other one again")
                    .containsExactly("PUBREL id=" + releasedId, "PUBLISH unreceived qos2 id=" + unreceivedId + " dup=true");

            back.ack(Wire.PUBCOMP, releasedId);
            back.ack(Wire.PUBREC, unreceivedId);
            assertThat(back.expect(Wire.PUBREL, RECEIVE, null).packetId()).isEqualTo(unreceivedId);
            back.ack(Wire.PUBCOMP, unreceivedId);
            assertThat(back.poll(QUIET)).as("nothing more").isEmpty();
        }
    }

    private static String describe(WirePacket p) {
        return switch (p.type()) {
            case Wire.PUBLISH -> "PUBLISH " + p.payload() + " qos" + p.qos() + " id=" + p.packetId() + " dup=" + p.dup();
            case Wire.PUBREL -> "PUBREL id=" + p.packetId();
            default -> p.toString();
        };
    }

    // ---------------------------------------------------------------- wills

    /**
     * Sessions with a will are connected when the node is killed: the crash cut their
     * connections, so their wills go out after the restart, to persistent sessions that existed
     * before the crash (whose client ids sort first, so the store gives them back before the
     * wills' owners) and, retained, to a subscriber that comes later.
     */
    @Test
    void willsOfSessionsCutByCrashArePublishedAfterRestart() throws Exception {
        NodeProcess node = lab.startNode("data");
        for (Proto p : Proto.values()) {
            HiveClient watcher = hive(node, p, id("a-watcher", p));
            watcher.connect(true, LONG_EXPIRY);
            watcher.subscribe("wills/#", 1);
            watcher.disconnect();
        }
        for (Proto p : Proto.values()) {
            wire(node, Wire.Connect.persistent(p.level, id("z-owner", p), LONG_EXPIRY)
                    .will("wills/" + id("z-owner", p), id("z-owner", p) + " is gone", 1, true));
        }
        StoreBarrier.await(node);

        node.restart(Stop.KILL_9);

        Set<String> wills = Set.of("wills/z-owner-v3 z-owner-v3 is gone qos1", "wills/z-owner-v5 z-owner-v5 is gone qos1");
        for (Proto p : Proto.values()) {
            HiveClient back = hive(node, p, id("a-watcher", p));
            assertThat(back.connect(true, LONG_EXPIRY)).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Received r = back.next(RECEIVE);
                got.add(r.topic() + " " + r.payload() + " qos" + r.qos());
            }
            assertThat(got).as(p + " watcher: each will once").containsExactlyInAnyOrderElementsOf(wills);
            assertThat(back.receive(QUIET)).as("each will once").isEmpty();
        }
        HiveClient late = hive(node, Proto.V5, "late");
        late.connect(false, 0);
        late.subscribe("wills/#", 1);
        Set<String> retained = new HashSet<>();
        for (Received r : receiveUntilQuiet(late)) {
            assertThat(r.retain()).isTrue();
            retained.add(r.topic() + " " + r.payload() + " qos" + r.qos());
        }
        assertThat(retained).as("retained wills").isEqualTo(wills);
    }

    /**
     * CONNACK accepted the session and its will: a crash right after it must not lose them, even
     * while other clients keep the store busy.
     */
    @Test
    void willOfSessionConnectedJustBeforeKill9IsPublished() throws Exception {
        NodeProcess node = lab.startNode("data");
        HiveClient watcher = hive(node, Proto.V5, "a-watcher");
        watcher.connect(true, LONG_EXPIRY);
        watcher.subscribe("wills/#", 1);
        StoreBarrier.await(node);
        keepStoreBusy(node);
        for (Proto p : Proto.values()) {
            wire(node, Wire.Connect.persistent(p.level, id("z-owner", p), LONG_EXPIRY)
                    .will("wills/" + id("z-owner", p), "gone", 1, false));
        }

        node.restart(Stop.KILL_9);

        HiveClient back = hive(node, Proto.V5, "a-watcher");
        assertThat(back.connect(true, LONG_EXPIRY)).isTrue();
        Set<String> topics = new HashSet<>();
        for (Received r : receiveUntilQuiet(back)) {
            topics.add(r.topic());
        }
        assertThat(topics).as("wills of the sessions CONNACKed just before the crash")
                .containsExactlyInAnyOrder("wills/z-owner-v3", "wills/z-owner-v5");
    }

    /**
     * The will of a session cut by the crash reaches every persistent subscriber, wherever their
     * sessions come in the store: here the will's owner is read back first, and sessions holding
     * thousands of subscriptions lie between it and the watcher, so that restoring them takes a
     * while.
     */
    @Test
    void willOfSessionCutByCrashReachesSubscribersRestoredAfterItsOwner() throws Exception {
        NodeProcess node = lab.startNode("data");
        for (int i = 0; i < 16; i++) {
            Wire filler = wire(node, Wire.Connect.persistent(4, "m-filler-" + i, LONG_EXPIRY));
            List<String> filters = new ArrayList<>();
            for (int f = 0; f < 1000; f++) {
                filters.add("filler/" + i + "/" + f + "/+");
            }
            filler.subscribe(1, filters, 1);
            assertThat(filler.expect(Wire.SUBACK, RECEIVE, null).grantedQos()).hasSize(1000).containsOnly(1);
            filler.disconnect();
        }
        HiveClient watcher = hive(node, Proto.V3, "z-watcher");
        watcher.connect(true, LONG_EXPIRY);
        watcher.subscribe("wills/#", 1);
        wire(node, Wire.Connect.persistent(4, "a-owner", LONG_EXPIRY).will("wills/a-owner", "gone", 1, false));
        StoreBarrier.await(node);

        node.restart(Stop.KILL_9);

        HiveClient back = hive(node, Proto.V3, "z-watcher");
        assertThat(back.connect(true, LONG_EXPIRY)).isTrue();
        assertThat(back.receive(RECEIVE)).as("will of a-owner").map(r -> r.topic() + " " + r.payload())
                .contains("wills/a-owner gone");
    }

    /** 5.0 Will Delay Interval: a will cut by the crash waits its delay after the restart. */
    @Test
    void delayedWillOfSessionCutByCrashIsPublishedAfterItsDelay() throws Exception {
        long delaySeconds = 4; // longer than a restart takes, so that a will sent at once is caught
        NodeProcess node = lab.startNode("data");
        HiveClient watcher = hive(node, Proto.V5, "z-watcher");
        watcher.connect(true, LONG_EXPIRY);
        watcher.subscribe("wills/#", 1);
        wire(node, Wire.Connect.persistent(5, "a-owner", LONG_EXPIRY)
                .will("wills/a-owner", "a-owner is gone", 1, false).willDelay(delaySeconds));
        StoreBarrier.await(node);

        node.kill9();
        long killed = System.nanoTime(); // the new process, and its clock for the delay, start after this
        node.start();

        HiveClient back = hive(node, Proto.V5, "z-watcher");
        assertThat(back.connect(true, LONG_EXPIRY)).isTrue();
        Received will = back.next(RECEIVE);
        long afterMillis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(will.payload()).isEqualTo("a-owner is gone");
        assertThat(afterMillis).as("ms from kill to will").isGreaterThanOrEqualTo(delaySeconds * 1000);
        assertThat(back.receive(QUIET)).as("the will once").isEmpty();
    }

    /** A client that said DISCONNECT has no will to publish, crash or not. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void willOfCleanlyDisconnectedSessionIsNotPublishedAfterRestart(Stop stop) throws Exception {
        NodeProcess node = lab.startNode("data");
        HiveClient watcher = hive(node, Proto.V5, "a-watcher");
        watcher.connect(true, LONG_EXPIRY);
        watcher.subscribe("wills/#", 1);
        for (Proto p : Proto.values()) {
            Wire owner = wire(node, Wire.Connect.persistent(p.level, id("z-owner", p), LONG_EXPIRY)
                    .will("wills/" + id("z-owner", p), "must not appear", 1, false));
            owner.disconnect();
        }
        Thread.sleep(300); // the broker has seen the DISCONNECTs: their records are in the write queue
        StoreBarrier.await(node);

        node.restart(stop);

        HiveClient back = hive(node, Proto.V5, "a-watcher");
        assertThat(back.connect(true, LONG_EXPIRY)).isTrue();
        assertThat(back.receive(Duration.ofMillis(1500))).as("a will after a normal DISCONNECT").isEmpty();
    }
}
