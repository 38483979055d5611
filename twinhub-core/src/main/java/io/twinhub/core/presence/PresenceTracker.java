package io.twinhub.core.presence;

import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.Presence;
import io.twinhub.core.device.PresenceView;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Presence per the contract: a device is online while it has a connection, or for a window after
 * a heartbeat; every change of online/offline is announced (retained) through a
 * {@link PresenceAnnouncer}. Each device's state is guarded by its own monitor, so devices never
 * contend with each other; the only shared structure is a concurrent map.
 *
 * <p>"Last seen" moves on connect, disconnect, heartbeat and whenever the transport reports
 * traffic ({@link #seen}), at one-second resolution, which is what the contract's epoch-second
 * timestamps can show.
 */
public final class PresenceTracker implements PresenceView, HeartbeatSink {

    private final ConcurrentHashMap<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final PresenceAnnouncer announcer;
    private final ScheduledExecutorService timer;
    private final LongSupplier clockMillis;
    private final long heartbeatWindowMillis;

    /**
     * @param timer runs the end of heartbeat windows; tasks are short
     * @param heartbeatWindowMillis how long a heartbeat keeps a device without a connection online
     */
    public PresenceTracker(PresenceAnnouncer announcer, ScheduledExecutorService timer, LongSupplier clockMillis,
                           long heartbeatWindowMillis) {
        this.announcer = announcer;
        this.timer = timer;
        this.clockMillis = clockMillis;
        this.heartbeatWindowMillis = heartbeatWindowMillis;
    }

    /** A connection of the device was accepted (CONNACK sent). */
    public void connected(String deviceId) {
        DeviceState s = state(deviceId);
        long now = nowSeconds();
        Presence changed;
        synchronized (s) {
            s.connections++;
            s.lastSeen = now;
            changed = s.goOnline(now);
        }
        announce(s, changed);
    }

    /**
     * A connection of the device ended while the hub heard from it: DISCONNECT, a closed or reset
     * socket, a protocol error. "Last seen" is now.
     */
    public void disconnected(String deviceId) {
        connectionEnded(deviceId, true);
    }

    /**
     * A connection of the device was closed because nothing arrived for 1.5 × its keep-alive.
     * "Last seen" stays at the last traffic: the device was not seen when the hub gave up on it.
     */
    public void keepAliveExpired(String deviceId) {
        connectionEnded(deviceId, false);
    }

    private void connectionEnded(String deviceId, boolean heardNow) {
        DeviceState s = devices.get(deviceId);
        if (s == null) {
            return;
        }
        long nowMillis = clockMillis.getAsLong();
        Presence changed = null;
        synchronized (s) {
            s.connections = Math.max(0, s.connections - 1);
            if (heardNow) {
                s.lastSeen = nowMillis / 1000;
            }
            if (s.connections == 0 && s.heartbeatUntilMillis <= nowMillis) {
                changed = s.goOffline(nowMillis / 1000);
            }
        }
        announce(s, changed);
    }

    /** Traffic from a connected device: moves "last seen" only (cheap; call it per read burst at most). */
    public void seen(String deviceId, long epochSeconds) {
        DeviceState s = devices.get(deviceId);
        if (s != null && s.lastSeen < epochSeconds) {
            s.lastSeen = epochSeconds; // a racing older value is corrected by the next call
        }
    }

    @Override
    public void heartbeat(String deviceId) {
        DeviceState s = state(deviceId);
        long nowMillis = clockMillis.getAsLong();
        long until = nowMillis + heartbeatWindowMillis;
        Presence changed;
        synchronized (s) {
            s.lastSeen = nowMillis / 1000;
            boolean extendsWindow = until > s.heartbeatUntilMillis;
            s.heartbeatUntilMillis = Math.max(s.heartbeatUntilMillis, until);
            changed = s.goOnline(nowMillis / 1000);
            if (extendsWindow && !s.expiryScheduled) {
                s.expiryScheduled = true;
                schedule(deviceId, s, heartbeatWindowMillis);
            }
        }
        announce(s, changed);
    }

    @Override
    public Optional<Presence> presence(String deviceId) {
        DeviceState s = devices.get(deviceId);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return Optional.of(s.snapshot());
        }
    }

    /**
     * Takes over what a presence document said before a restart: the device is offline now
     * (nothing is connected yet) and was last seen then. A device shown online is announced offline.
     */
    public void restore(String deviceId, boolean wasOnline, long since, long lastSeen) {
        DeviceState s = state(deviceId);
        long now = nowSeconds();
        Presence changed = null;
        synchronized (s) {
            if (s.connections > 0 || s.heartbeatUntilMillis > 0) {
                return; // the device is back already
            }
            s.lastSeen = Math.max(s.lastSeen, lastSeen);
            s.online = false;
            s.since = wasOnline ? now : since;
            if (wasOnline) {
                changed = s.snapshot();
            }
        }
        announce(s, changed);
    }

    public int trackedDevices() {
        return devices.size();
    }

    private void schedule(String deviceId, DeviceState s, long delayMillis) {
        try {
            timer.schedule(() -> heartbeatWindowCheck(deviceId, s), Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the node is closing: the window is ended by the next start, from the retained document
        }
    }

    private void heartbeatWindowCheck(String deviceId, DeviceState s) {
        long nowMillis = clockMillis.getAsLong();
        Presence changed = null;
        synchronized (s) {
            if (s.heartbeatUntilMillis > nowMillis) {
                schedule(deviceId, s, s.heartbeatUntilMillis - nowMillis); // extended meanwhile
                return;
            }
            s.expiryScheduled = false;
            s.heartbeatUntilMillis = 0;
            if (s.connections == 0) {
                changed = s.goOffline(nowMillis / 1000);
            }
        }
        announce(s, changed);
    }

    private void announce(DeviceState s, Presence changed) {
        if (changed != null) {
            announcer.announce(s.deviceId, s.topic, changed);
        }
    }

    private DeviceState state(String deviceId) {
        return devices.computeIfAbsent(deviceId, DeviceState::new);
    }

    private long nowSeconds() {
        return clockMillis.getAsLong() / 1000;
    }

    /** One device; fields guarded by its monitor except {@code lastSeen}, which only moves forward. */
    private static final class DeviceState {
        final String deviceId;
        /** Made once: every announcement of the device shares it (see {@link PresenceAnnouncer}). */
        final String topic;
        int connections;
        long heartbeatUntilMillis;
        boolean expiryScheduled;
        boolean online;
        long since;
        volatile long lastSeen;

        DeviceState(String deviceId) {
            this.deviceId = deviceId;
            this.topic = PresenceTopics.presence(deviceId);
        }

        /** Returns the new presence if this changed it, else null. */
        Presence goOnline(long now) {
            if (online) {
                return null;
            }
            online = true;
            since = now;
            return snapshot();
        }

        Presence goOffline(long now) {
            if (!online) {
                return null;
            }
            online = false;
            since = now;
            return snapshot();
        }

        Presence snapshot() {
            return new Presence(online, since, lastSeen);
        }
    }
}
