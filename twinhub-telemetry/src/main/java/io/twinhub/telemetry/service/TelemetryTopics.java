package io.twinhub.telemetry.service;

import io.twinhub.core.device.DeviceIds;

/** The telemetry topics of contract §4: {@code $twin/things/{id}/telemetry} and its {@code /rejected}. */
final class TelemetryTopics {

    private static final String PREFIX = "$twin/things/";
    private static final String TELEMETRY = "/telemetry";
    private static final String REJECTED = "/telemetry/rejected";

    private TelemetryTopics() { }

    /** The device of a telemetry topic, or null; allocates only the returned id. Called for every PUBLISH. */
    static String deviceOf(String topic) {
        int end = idEnd(topic, TELEMETRY);
        return end < 0 ? null : topic.substring(PREFIX.length(), end);
    }

    static boolean isRejectionTopic(String topic) {
        return idEnd(topic, REJECTED) >= 0;
    }

    static String topicOf(String device) {
        return PREFIX + device + TELEMETRY;
    }

    static String rejectionTopic(String device) {
        return PREFIX + device + REJECTED;
    }

    /** Where the id ends when the topic is PREFIX + valid id + suffix exactly, else -1. */
    private static int idEnd(String topic, String suffix) {
        int end = topic.length() - suffix.length();
        int idLength = end - PREFIX.length();
        if (idLength < 1 || idLength > DeviceIds.MAX_LENGTH
                || !topic.startsWith(PREFIX) || !topic.startsWith(suffix, end)) {
            return -1;
        }
        for (int i = PREFIX.length(); i < end; i++) {
            char ch = topic.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '.' || ch == ':' || ch == '-';
            if (!ok) {
                return -1;
            }
        }
        return end;
    }
}
