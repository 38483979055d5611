package io.twinhub.core.presence;

import io.twinhub.core.device.Presence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTrackerTest {

    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private PresenceTracker tracker(long windowMillis) {
        return new PresenceTracker((id, topic, p) -> announced.add(id + " " + PresenceAnnouncer.json(p)), timer, clock::get,
                windowMillis);
    }

    @Test
    void onlineFromFirstConnectionUntilTheLastOneEnds() {
        PresenceTracker t = tracker(90_000);
        t.connected("dev-1");
        clock.addAndGet(5_000);
        t.connected("dev-1"); // a take-over overlaps the old connection
        t.disconnected("dev-1");
        assertThat(t.presence("dev-1")).contains(new Presence(true, 1_700_000_000, 1_700_000_005));
        clock.addAndGet(5_000);
        t.disconnected("dev-1");

        assertThat(announced).containsExactly(
                "dev-1 {\"online\":true,\"since\":1700000000,\"lastSeen\":1700000000}",
                "dev-1 {\"online\":false,\"since\":1700000010,\"lastSeen\":1700000010}");
    }

    @Test
    void aHeartbeatKeepsADeviceOnlineForTheWindowOnly() throws InterruptedException {
        PresenceTracker t = tracker(50);
        t.heartbeat("meter-7");
        assertThat(t.presence("meter-7")).map(Presence::online).contains(true);
        clock.addAndGet(60);
        awaitAnnouncements(2);
        assertThat(t.presence("meter-7")).map(Presence::online).contains(false);
        assertThat(announced.get(0)).startsWith("meter-7 {\"online\":true");
        assertThat(announced.get(1)).startsWith("meter-7 {\"online\":false");
    }

    @Test
    void aDisconnectInsideTheHeartbeatWindowLeavesTheDeviceOnlineUntilItEnds() throws InterruptedException {
        PresenceTracker t = tracker(50);
        t.connected("d");
        t.heartbeat("d");
        t.disconnected("d");
        assertThat(t.presence("d")).map(Presence::online).contains(true);
        assertThat(announced).hasSize(1);
        clock.addAndGet(60);
        awaitAnnouncements(2);
        assertThat(announced.get(1)).startsWith("d {\"online\":false");
    }

    @Test
    void aKeepAliveExpiryKeepsLastSeenAtTheLastTraffic() {
        PresenceTracker t = tracker(90_000);
        t.connected("d");
        t.seen("d", 1_700_000_004);
        clock.addAndGet(90_000); // 1.5 x a keep-alive of 60 s after the last packet
        t.keepAliveExpired("d");

        assertThat(announced).last().isEqualTo("d {\"online\":false,\"since\":1700000090,\"lastSeen\":1700000004}");
    }

    @Test
    void trafficMovesLastSeenWithoutAnAnnouncement() {
        PresenceTracker t = tracker(90_000);
        t.connected("d");
        t.seen("d", 1_700_000_042);
        t.seen("d", 1_700_000_041); // never backwards
        assertThat(t.presence("d")).contains(new Presence(true, 1_700_000_000, 1_700_000_042));
        assertThat(announced).hasSize(1);
        t.seen("unknown", 1_700_000_042);
        assertThat(t.presence("unknown")).isEmpty();
    }

    @Test
    void afterARestartADeviceShownOnlineIsAnnouncedOffline() {
        PresenceTracker t = tracker(90_000);
        t.restore("was-on", true, 1_600_000_000, 1_650_000_000);
        t.restore("was-off", false, 1_600_000_000, 1_650_000_000);
        assertThat(announced).containsExactly(
                "was-on {\"online\":false,\"since\":1700000000,\"lastSeen\":1650000000}");
        assertThat(t.presence("was-off")).contains(new Presence(false, 1_600_000_000, 1_650_000_000));
    }

    @Test
    void presenceTopicsAreRecognisedExactly() {
        assertThat(PresenceTopics.heartbeatDevice("$twin/things/dev-1/heartbeat")).isEqualTo("dev-1");
        assertThat(PresenceTopics.heartbeatDevice("$twin/things/a/b/heartbeat")).isNull();
        assertThat(PresenceTopics.heartbeatDevice("$twin/things//heartbeat")).isNull();
        assertThat(PresenceTopics.heartbeatDevice("sensors/heartbeat")).isNull();
        assertThat(PresenceTopics.presenceDevice(PresenceTopics.presence("x:1"))).isEqualTo("x:1");
    }

    private void awaitAnnouncements(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (announced.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(announced).hasSizeGreaterThanOrEqualTo(n);
    }
}
