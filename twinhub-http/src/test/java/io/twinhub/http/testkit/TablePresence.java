package io.twinhub.http.testkit;

import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.Presence;
import io.twinhub.core.device.PresenceView;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Presence for tests: what a test sets, and a record of the heartbeats received (each marks the device online). */
public final class TablePresence implements PresenceView, HeartbeatSink {

    private final Map<String, Presence> table = new ConcurrentHashMap<>();
    private final List<String> heartbeats = new CopyOnWriteArrayList<>();

    public void set(String deviceId, Presence presence) {
        table.put(deviceId, presence);
    }

    public List<String> heartbeats() {
        return heartbeats;
    }

    @Override
    public Optional<Presence> presence(String deviceId) {
        return Optional.ofNullable(table.get(deviceId));
    }

    @Override
    public void heartbeat(String deviceId) {
        heartbeats.add(deviceId);
        long now = System.currentTimeMillis() / 1000;
        table.merge(deviceId, new Presence(true, now, now),
                (old, seen) -> new Presence(true, old.online() ? old.since() : now, now));
    }
}
