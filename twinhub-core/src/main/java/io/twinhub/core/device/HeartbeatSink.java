package io.twinhub.core.device;

/** Takes device heartbeats: from the MQTT heartbeat topic and from the REST heartbeat endpoint. */
public interface HeartbeatSink {

    /** The device was heard from now and counts as online for the heartbeat window. */
    void heartbeat(String deviceId);

    HeartbeatSink NONE = deviceId -> { };
}
