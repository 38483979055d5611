package io.twinhub.core.session;

/**
 * Which waiting messages pass ahead of the others in a subscriber's queue: the hub's own
 * interactive traffic — shadow answers, documents and deltas, and commands — before telemetry
 * and ordinary topics, which come in bulk.
 */
final class DeliveryPriority {

    private static final String TWIN = "$twin/things/";
    private static final String AWS = "$aws/things/";

    private DeliveryPriority() { }

    /** {@code $twin|$aws/things/{id}/shadow…} or {@code …/commands/…}; cheap for every other topic. */
    static boolean isUrgent(String topic) {
        if (topic.isEmpty() || topic.charAt(0) != '$') {
            return false;
        }
        int idStart = topic.startsWith(TWIN) ? TWIN.length() : topic.startsWith(AWS) ? AWS.length() : -1;
        if (idStart < 0) {
            return false;
        }
        int idEnd = topic.indexOf('/', idStart);
        return idEnd > idStart && (topic.startsWith("/shadow", idEnd) || topic.startsWith("/commands/", idEnd));
    }
}
