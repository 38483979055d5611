package io.twinhub.core.device;

/**
 * Where heartbeats of devices that cannot hold a connection go (contract §2): each one counts as
 * seen-now and online for the heartbeat window. Presence tracking implements it.
 */
@FunctionalInterface
public interface HeartbeatSink {

    /** Ignores every heartbeat: for a node without presence tracking. */
    HeartbeatSink NONE = deviceId -> { };

    /** The device {@code deviceId} (already known to exist) was seen now. May be called from any thread. */
    void heartbeat(String deviceId);
}
