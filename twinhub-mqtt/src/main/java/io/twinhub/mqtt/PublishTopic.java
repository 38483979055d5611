package io.twinhub.mqtt;

import io.twinhub.core.presence.PresenceTopics;

import java.nio.charset.StandardCharsets;

/**
 * What the checks of one PUBLISH topic found for one connection. A device publishes to the same
 * few topics again and again, so a connection keeps the verdict of its last topic and runs the
 * checks (validity, permissions, the hub's own topics, which service a topic belongs to) only when
 * the topic changes. Messages to the kept topic also share its String, so messages waiting in
 * queues do not each carry a copy of it.
 *
 * @param topic the topic name, the instance messages to it share
 * @param utf8 the topic name as it comes on the wire, for {@link PublishFastPath} to recognise it
 * @param allowed whether the connection's principal may publish there (and it is not one of the
 *                topics only the hub publishes: presence documents, shadow answers, telemetry rejections)
 * @param heartbeatOf the device whose heartbeat topic this is, else null
 * @param request whether it is a request to a hub service (shadows)
 * @param telemetryOf the device whose telemetry topic this is, else null
 */
record PublishTopic(String topic, byte[] utf8, boolean allowed, String heartbeatOf, boolean request,
                    String telemetryOf) {

    /**
     * The verdict for {@code topic} on connection {@code c}: the kept one when the topic is the
     * same as last time, else a new one (kept from now on). Null when the name is not a valid
     * topic name to publish to; the caller refuses it.
     */
    static PublishTopic of(MqttConnection c, String topic) {
        PublishTopic last = c.lastPublishTopic;
        if (last != null && last.topic.equals(topic)) {
            return last;
        }
        if (!c.broker.topicRules().isValidName(topic) || topic.startsWith("$share/")) {
            return null;
        }
        boolean allowed = c.principal.permissions().mayPublish(topic)
                && PresenceTopics.presenceDevice(topic) == null
                && !c.broker.requests().isAnswer(topic)
                && !c.broker.telemetry().isRejectionTopic(topic);
        PublishTopic verdict = new PublishTopic(topic, topic.getBytes(StandardCharsets.UTF_8), allowed,
                PresenceTopics.heartbeatDevice(topic),
                c.broker.requests().isRequest(topic), c.broker.telemetry().deviceOf(topic));
        c.lastPublishTopic = verdict;
        return verdict;
    }
}
