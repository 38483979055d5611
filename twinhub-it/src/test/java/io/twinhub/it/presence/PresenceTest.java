package io.twinhub.it.presence;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.HubApi;
import io.twinhub.it.RawMqtt;
import io.twinhub.it.RunningNode;
import io.twinhub.it.presence.PresenceWatch.Doc;
import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Presence as a dashboard sees it (contract §2): an application subscribed to every device's
 * retained {@code $twin/things/+/presence} document, while devices connect, leave, go silent,
 * send heartbeats over MQTT and HTTP and take over their own sessions. The heartbeat window is
 * 2 s here so that windows end quickly.
 */
class PresenceTest {

    private static final int WINDOW_SECONDS = 2;
    private static final long WINDOW_MILLIS = WINDOW_SECONDS * 1000L;
    /** How long to listen before concluding that no (further) document comes. */
    private static final Duration QUIET = Duration.ofMillis(800);

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off"))
            .withPresence(new NodeConfig.Presence(WINDOW_SECONDS)));

    private final List<AutoCloseable> open = new ArrayList<>();
    private String watcherSecret;
    private PresenceWatch watch;
    private HubApi api;
    private String admin;

    @BeforeEach
    void watchPresence() {
        watcherSecret = node.node().security().applications().create("dashboard",
                new AccessRules(List.of("$twin/#"), List.of(PresenceWatch.FILTER), List.of("*"))).secret();
        watch = track(PresenceWatch.start(node.port(), "dashboard-1", "dashboard", watcherSecret));
        api = new HubApi(node.node().httpAddress().orElseThrow().getPort());
        admin = node.node().security().adminTokens().create("ops");
    }

    @AfterEach
    void closeClients() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closed by the test already
            }
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private String device(String id) {
        return node.node().devices().create(id, Map.of()).token();
    }

    private Mqtt5BlockingClient v5(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        track(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    private Mqtt3BlockingClient v3(String id) {
        Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier(id)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        track(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    private Mqtt5BlockingClient connectedV5(String id, String token) {
        Mqtt5BlockingClient c = v5(id);
        c.connectWith().cleanStart(true).simpleAuth().username(id).password(bytes(token)).applySimpleAuth().send();
        return c;
    }

    private Mqtt3BlockingClient connectedV3(String id, String token) {
        Mqtt3BlockingClient c = v3(id);
        c.connectWith().cleanSession(true).simpleAuth().username(id).password(bytes(token)).applySimpleAuth().send();
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long seconds(long millis) {
        return millis / 1000;
    }

    // ---------------------------------------------------------------- connections

    @Test
    void aConnectedDeviceIsOnlineAndALateSubscriberGetsTheRetainedDocument() throws Exception {
        String token = device("pump-1");
        long before = System.currentTimeMillis();
        connectedV5("pump-1", token);
        long after = System.currentTimeMillis();

        Doc online = watch.next("pump-1");
        assertThat(online.online()).isTrue();
        assertThat(online.since()).isBetween(seconds(before), seconds(after));
        assertThat(online.lastSeen()).isBetween(online.since(), seconds(System.currentTimeMillis()));

        try (PresenceWatch late = PresenceWatch.start(node.port(), "dashboard-2", "dashboard", watcherSecret)) {
            Doc retained = late.next("pump-1");
            assertThat(retained.retained()).isTrue();
            assertThat(retained.online()).isTrue();
            assertThat(retained.since()).isEqualTo(online.since());
        }
        assertThat(watch.untilQuiet("pump-1", QUIET)).as("nothing changed, nothing announced").isEmpty();
    }

    @Test
    void disconnectMakesTheDeviceOfflineInBothProtocolVersions() throws Exception {
        String token = device("pump-2");
        Mqtt5BlockingClient v5 = connectedV5("pump-2", token);
        Doc online = watch.next("pump-2");
        Thread.sleep(1100); // so that the offline document's times are a later second
        long before = System.currentTimeMillis();
        v5.disconnect();
        Doc offline = watch.next("pump-2");
        assertThat(offline.online()).isFalse();
        assertThat(offline.since()).isGreaterThanOrEqualTo(seconds(before)).isGreaterThan(online.since());
        assertThat(offline.lastSeen()).isEqualTo(offline.since()); // the DISCONNECT was the last thing heard

        Mqtt3BlockingClient v3 = connectedV3("pump-2", token);
        assertThat(watch.next("pump-2").online()).isTrue();
        v3.disconnect();
        assertThat(watch.next("pump-2").online()).isFalse();
        assertThat(watch.untilQuiet("pump-2", QUIET)).isEmpty();
    }

    @Test
    void aSilentConnectionGoesOfflineOneAndAHalfKeepAlivesAfterItsLastPacket() throws Exception {
        String token = device("meter-1");
        int keepAlive = 2;
        try (RawMqtt raw = track(new RawMqtt(node.port()))) {
            raw.send(RawMqtt.connect(4, "meter-1", keepAlive, "meter-1", token));
            assertThat(RawMqtt.connAckCode(raw.readPacket())).isZero();
            assertThat(watch.next("meter-1").online()).isTrue();

            // PINGREQ is the heartbeat: pinging for longer than 1.5 x keep-alive keeps it online
            long lastPing = 0;
            long lastPong = 0;
            for (int i = 0; i < 4; i++) {
                lastPing = System.currentTimeMillis();
                raw.send(RawMqtt.PINGREQ);
                assertThat(raw.readPacket()[0] & 0xFF).isEqualTo(0xD0);
                lastPong = System.currentTimeMillis();
                Thread.sleep(1000);
            }
            assertThat(watch.within("meter-1", Duration.ZERO)).as("offline while pinging").isEmpty();

            Doc offline = watch.next("meter-1"); // now silent
            assertThat(offline.online()).isFalse();
            assertThat(offline.receivedAtMillis() - lastPing).as("ms from the last packet to offline")
                    .isGreaterThanOrEqualTo(keepAlive * 1500L - 100);
            assertThat(offline.since()).isGreaterThanOrEqualTo(seconds(lastPing + keepAlive * 1500L));
            assertThat(offline.lastSeen()).as("last seen: the last ping, not the moment the hub gave up")
                    .isBetween(seconds(lastPing), seconds(lastPong));
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aConnectionDroppedWithoutDisconnectIsOfflineAtOnce() throws Exception {
        String token = device("meter-2");
        RawMqtt raw = track(new RawMqtt(node.port()));
        raw.send(RawMqtt.connect(5, "meter-2", 60, "meter-2", token));
        assertThat(RawMqtt.connAckCode(raw.readPacket())).isZero();
        assertThat(watch.next("meter-2").online()).isTrue();

        long before = System.currentTimeMillis();
        raw.close(); // no DISCONNECT: the socket just goes
        Doc offline = watch.next("meter-2");
        assertThat(offline.online()).isFalse();
        assertThat(offline.receivedAtMillis() - before).as("well before the 90 s keep-alive limit").isLessThan(30_000);
    }

    // ---------------------------------------------------------------- heartbeats

    @Test
    void anMqttHeartbeatKeepsADeviceOnlineForTheWindowAfterItLeaves() throws Exception {
        String token = device("tag-1");
        Mqtt5BlockingClient c = connectedV5("tag-1", token);
        assertThat(watch.next("tag-1").online()).isTrue();

        long beat = System.currentTimeMillis();
        c.publishWith().topic("$twin/things/tag-1/heartbeat").qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        Doc offline = watch.next("tag-1");
        assertThat(offline.online()).isFalse();
        assertThat(offline.receivedAtMillis()).as("not before the window ends").isGreaterThanOrEqualTo(beat + WINDOW_MILLIS);
        assertThat(offline.since()).isGreaterThanOrEqualTo(seconds(beat) + WINDOW_SECONDS);
        assertThat(offline.lastSeen()).isBetween(seconds(beat), offline.since());
    }

    @Test
    void anHttpHeartbeatMakesADeviceWithoutConnectionOnlineForTheWindowAndARepeatExtendsIt() throws Exception {
        String token = device("tag-2");
        String path = "/api/v1/things/tag-2";
        assertThat(api.get(path, token).body().get("presence").isNull()).as("never seen").isTrue();

        long first = System.currentTimeMillis();
        assertThat(api.post(path + "/heartbeat", token, null).status()).isEqualTo(204);
        Doc online = watch.next("tag-2");
        assertThat(online.online()).isTrue();
        assertThat(online.since()).isBetween(seconds(first), seconds(System.currentTimeMillis()));
        var shown = api.get(path, admin).body().get("presence");
        assertThat(shown.get("online").asBoolean()).isTrue();
        assertThat(shown.get("since").asLong()).isEqualTo(online.since());

        Thread.sleep(WINDOW_MILLIS / 2);
        long second = System.currentTimeMillis();
        assertThat(api.post(path + "/heartbeat", token, null).status()).isEqualTo(204);
        long secondAnswered = System.currentTimeMillis();

        Doc offline = watch.next("tag-2");
        assertThat(offline.online()).isFalse();
        assertThat(offline.receivedAtMillis()).as("the second heartbeat moved the end")
                .isGreaterThanOrEqualTo(second + WINDOW_MILLIS);
        assertThat(offline.lastSeen()).isBetween(seconds(second), seconds(secondAnswered));
        shown = api.get(path, token).body().get("presence");
        assertThat(shown.get("online").asBoolean()).isFalse();
        assertThat(shown.get("since").asLong()).isEqualTo(offline.since());
        assertThat(shown.get("lastSeen").asLong()).isEqualTo(offline.lastSeen());
    }

    @Test
    void theThingShowsTheSamePresenceAsTheDocument() throws Exception {
        String token = device("valve-1");
        String path = "/api/v1/things/valve-1";
        Mqtt3BlockingClient c = connectedV3("valve-1", token);
        Doc online = watch.next("valve-1");

        var shown = api.get(path, admin).body().get("presence");
        assertThat(shown.get("online").asBoolean()).isTrue();
        assertThat(shown.get("since").asLong()).isEqualTo(online.since());
        assertThat(shown.get("lastSeen").asLong()).isGreaterThanOrEqualTo(online.lastSeen());

        c.disconnect();
        Doc offline = watch.next("valve-1");
        shown = api.get(path, admin).body().get("presence");
        assertThat(shown.get("online").asBoolean()).isFalse();
        assertThat(shown.get("since").asLong()).isEqualTo(offline.since());
        assertThat(shown.get("lastSeen").asLong()).isEqualTo(offline.lastSeen());
    }

    // ---------------------------------------------------------------- take-over

    @Test
    void aSessionTakeOverByTheSameDeviceDoesNotFlap() throws Exception {
        String token = device("cam-1");
        Mqtt5BlockingClient current = connectedV5("cam-1", token);
        assertThat(watch.next("cam-1").online()).isTrue();

        for (int i = 0; i < 6; i++) {
            Mqtt5BlockingClient previous = current;
            current = connectedV5("cam-1", token); // the same device again: the old connection is taken over
            assertThat(current.getState().isConnected()).isTrue();
            await(() -> !previous.getState().isConnected());
        }
        Mqtt5BlockingClient last5 = current;
        Mqtt3BlockingClient v3 = connectedV3("cam-1", token); // across protocol versions too
        await(() -> !last5.getState().isConnected());

        assertThat(watch.untilQuiet("cam-1", QUIET)).as("documents during the take-overs").isEmpty();
        v3.disconnect();
        List<Doc> end = watch.untilQuiet("cam-1", QUIET);
        assertThat(end).extracting(Doc::online).containsExactly(false);
    }

    // ---------------------------------------------------------------- the hub's own topic

    @Test
    void nobodyMayPublishOnAPresenceTopic() throws Exception {
        String token = device("lamp-1");
        Mqtt5BlockingClient lamp = connectedV5("lamp-1", token);
        Doc real = watch.next("lamp-1");
        String fake = "{\"online\":false,\"since\":1,\"lastSeen\":1}";

        assertThatThrownBy(() -> lamp.publishWith().topic("$twin/things/lamp-1/presence").qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).payload(bytes(fake)).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));

        // an application whose rules grant all of $twin/# is refused as well
        Mqtt5BlockingClient app = v5("dashboard-3");
        app.connectWith().simpleAuth().username("dashboard").password(bytes(watcherSecret)).applySimpleAuth().send();
        assertThatThrownBy(() -> app.publishWith().topic("$twin/things/lamp-1/presence").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes(fake)).send()).isInstanceOf(Mqtt5PubAckException.class);

        // 3.1.1 has no negative acknowledgement: acknowledged, and dropped
        String other = device("lamp-2");
        Mqtt3BlockingClient lamp2 = connectedV3("lamp-2", other);
        assertThat(watch.next("lamp-2").online()).isTrue();
        lamp2.publishWith().topic("$twin/things/lamp-2/presence").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(bytes(fake)).send();
        assertThat(lamp2.getState().isConnected()).isTrue();

        assertThat(watch.untilQuiet("lamp-1", QUIET)).isEmpty();
        assertThat(watch.untilQuiet("lamp-2", QUIET)).isEmpty();
        try (PresenceWatch late = PresenceWatch.start(node.port(), "dashboard-4", "dashboard", watcherSecret)) {
            assertThat(late.next("lamp-1")).extracting(Doc::online, Doc::since).containsExactly(true, real.since());
            assertThat(late.next("lamp-2").online()).isTrue();
        }
        assertThat(node.node().broker().metrics().publishesDenied.sum()).isEqualTo(3);
    }

    @Test
    void aWillOnAPresenceTopicIsRefusedAtConnect() throws Exception {
        String token = device("lamp-3");
        String fake = "{\"online\":false,\"since\":1,\"lastSeen\":1}";

        Mqtt5BlockingClient v5 = v5("lamp-3");
        assertThatThrownBy(() -> v5.connectWith().simpleAuth().username("lamp-3").password(bytes(token)).applySimpleAuth()
                .willPublish().topic("$twin/things/lamp-3/presence").payload(bytes(fake)).retain(true).applyWillPublish()
                .send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));

        Mqtt3BlockingClient v3 = v3("lamp-3");
        assertThatThrownBy(() -> v3.connectWith().simpleAuth().username("lamp-3").password(bytes(token)).applySimpleAuth()
                .willPublish().topic("$twin/things/lamp-3/presence").payload(bytes(fake)).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));

        // an application allowed to publish under $twin/# may not leave such a will either
        Mqtt5BlockingClient app = v5("dashboard-5");
        assertThatThrownBy(() -> app.connectWith().simpleAuth().username("dashboard").password(bytes(watcherSecret))
                .applySimpleAuth().willPublish().topic("$twin/things/lamp-3/presence").payload(bytes(fake))
                .applyWillPublish().send())
                .isInstanceOf(Mqtt5ConnAckException.class);

        assertThat(watch.untilQuiet("lamp-3", QUIET)).as("a refused connect is never online").isEmpty();
        // the same device without the will is welcome, and a will elsewhere in its own topics too
        Mqtt5BlockingClient ok = v5("lamp-3");
        ok.connectWith().simpleAuth().username("lamp-3").password(bytes(token)).applySimpleAuth()
                .willPublish().topic("$twin/things/lamp-3/status").payload(bytes("gone")).applyWillPublish().send();
        assertThat(watch.next("lamp-3").online()).isTrue();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PresenceWatch.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PresenceWatch.WAIT);
            }
            Thread.sleep(10);
        }
    }
}
