package io.twinhub.it.presence;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.twinhub.it.HubApi;
import io.twinhub.it.durability.NodeLab;
import io.twinhub.it.durability.NodeProcess;
import io.twinhub.it.durability.NodeProcess.Stop;
import io.twinhub.core.presence.PresenceWrites;
import io.twinhub.it.durability.StoreBarrier;
import io.twinhub.it.presence.PresenceWatch.Doc;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that restarts has no connections: every device its retained presence documents show
 * online is announced offline, whether the node was stopped or killed. Devices already offline
 * keep their document as it was. The node runs in its own process, with the default 90 s
 * heartbeat window (so a window is still open when it goes down).
 */
class PresenceRestartTest {

    private static final Duration QUIET = Duration.ofMillis(800);

    @RegisterExtension
    final NodeLab lab = new NodeLab();

    private Mqtt5BlockingClient connectDevice(NodeProcess node, String id, String token) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        lab.track(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        c.connectWith().simpleAuth().username(id).password(token.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send();
        return c;
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void devicesShownOnlineAreAnnouncedOfflineAfterARestart(Stop how) throws Exception {
        NodeProcess node = lab.startNode("presence");
        String admin = node.firstStartAdminToken();
        HubApi api = new HubApi(node.httpPort());
        String connected = api.createDevice(admin, "stays");
        String left = api.createDevice(admin, "left");
        String beating = api.createDevice(admin, "beats");

        // the admin watches with a session that outlives the restart
        PresenceWatch watch = lab.track(PresenceWatch.persistent(node.port(), "ops", "admin", admin, false));
        connectDevice(node, "stays", connected);
        Doc stays = watch.next("stays");
        connectDevice(node, "left", left).disconnect();
        assertThat(watch.next("left").online()).isTrue();
        Doc leftOffline = watch.next("left");
        assertThat(leftOffline.online()).isFalse();
        assertThat(api.post("/api/v1/things/beats/heartbeat", beating, null).status()).isEqualTo(204);
        Doc beats = watch.next("beats");
        assertThat(stays.online()).isTrue();
        assertThat(beats.online()).isTrue();
        // Presence documents are stored in paced groups, at most one per interval, after the
        // announcement; once the interval has passed, a durable write behind them proves them on disk.
        Thread.sleep(5 * PresenceWrites.DEFAULT_INTERVAL_MILLIS);
        StoreBarrier.await(node);
        watch.close();

        long stoppedAt = System.currentTimeMillis();
        node.restart(how);
        long startedAt = System.currentTimeMillis();

        // what the hub says now, to anyone who subscribes
        try (PresenceWatch fresh = lab.track(PresenceWatch.start(node.port(), "ops-2", "admin", admin))) {
            for (Doc before : new Doc[] {stays, beats}) {
                Doc now = fresh.next(before.device());
                assertThat(now.online()).as(before.device()).isFalse();
                assertThat(now.since()).as(before.device()).isBetween(stoppedAt / 1000, startedAt / 1000);
                assertThat(now.lastSeen()).as(before.device()).isBetween(before.lastSeen(), now.since());
            }
            assertThat(fresh.next("left")).as("already offline: kept as it was")
                    .extracting(Doc::online, Doc::since, Doc::lastSeen)
                    .containsExactly(false, leftOffline.since(), leftOffline.lastSeen());
        }

        // and the watcher that was away hears of the change, even with the node killed under it
        PresenceWatch back = lab.track(PresenceWatch.persistent(node.port(), "ops", "admin", admin, true));
        // The heartbeat window was open when the node went down, in both cases: the start announces it.
        assertThat(back.next("beats").online()).isFalse();
        if (how == Stop.KILL_9) {
            // nothing could be announced on the way down
            assertThat(back.next("stays").online()).isFalse();
        } else {
            // a stop ends the connection like any other end; the watcher may have missed that announcement
            // (it was away and its copy was not stored), but what it gets is offline
            assertThat(back.untilQuiet("stays", QUIET)).extracting(Doc::online).doesNotContain(true);
        }
        assertThat(back.untilQuiet("left", QUIET)).as("no news for a device that was offline").isEmpty();
        assertThat(back.untilQuiet("beats", QUIET)).isEmpty();

        // a device that comes back is online again
        connectDevice(node, "stays", connected);
        Doc again = back.next("stays");
        assertThat(again.online()).isTrue();
        assertThat(again.since()).isGreaterThanOrEqualTo(startedAt / 1000);
    }
}
