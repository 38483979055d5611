package io.twinhub.core.presence;

import io.twinhub.core.device.DeviceIds;

/** The contract's presence topics: {@code $twin/things/{id}/presence} and {@code …/heartbeat}. */
public final class PresenceTopics {

    private static final String PREFIX = "$twin/things/";
    private static final String HEARTBEAT = "/heartbeat";
    private static final String PRESENCE = "/presence";

    private PresenceTopics() { }

    public static String presence(String deviceId) {
        return PREFIX + deviceId + PRESENCE;
    }

    /** The device id of a heartbeat topic, or null when {@code topic} is not one. Cheap for every other topic. */
    public static String heartbeatDevice(String topic) {
        if (topic.length() <= PREFIX.length() + HEARTBEAT.length() || topic.charAt(0) != '$'
                || !topic.startsWith(PREFIX) || !topic.endsWith(HEARTBEAT)) {
            return null;
        }
        String id = topic.substring(PREFIX.length(), topic.length() - HEARTBEAT.length());
        return DeviceIds.isValid(id) ? id : null;
    }

    /** The device id of a presence topic, or null. */
    public static String presenceDevice(String topic) {
        if (!topic.startsWith(PREFIX) || !topic.endsWith(PRESENCE)) {
            return null;
        }
        String id = topic.substring(PREFIX.length(), topic.length() - PRESENCE.length());
        return DeviceIds.isValid(id) ? id : null;
    }
}
