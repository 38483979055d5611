package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;

/**
 * PUBLISH and PUBREL from the client: topic aliases, validation, routing and the QoS 1/2
 * acknowledgements. Acknowledgements are written without a flush: one flush per read burst
 * sends them together.
 */
final class InboundPublishes {

    private InboundPublishes() { }

    static void onPublish(MqttConnection c, MqttPublishMessage msg) {
        MqttPublishVariableHeader h = msg.variableHeader();
        int qos = msg.fixedHeader().qosLevel().value();
        int packetId = h.packetId();
        String topic = h.topicName();
        MqttProperties props = h.properties();
        MessageProperties messageProperties = MessageProperties.NONE;
        long expiresAt = Message.NO_EXPIRY;

        if (c.v5 && !props.isEmpty()) {
            Integer alias = Properties.intValue(props, MqttProperties.TOPIC_ALIAS);
            if (alias != null) {
                if (alias == 0 || alias > c.broker.limits().topicAliasMaximum()) {
                    msg.release();
                    c.disconnect(ReasonCodes.TOPIC_ALIAS_INVALID, "topic alias out of range");
                    return;
                }
                if (topic.isEmpty()) {
                    topic = c.aliases.resolveInbound(alias);
                    if (topic == null) {
                        msg.release();
                        c.protocolError("unknown topic alias " + alias);
                        return;
                    }
                } else {
                    c.aliases.setInbound(alias, topic);
                }
            }
            if (props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
                msg.release();
                c.protocolError("PUBLISH from a client must not carry a subscription identifier");
                return;
            }
            Integer expiry = Properties.intValue(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            if (expiry != null) {
                expiresAt = c.broker.nowMillis() + Integer.toUnsignedLong(expiry) * 1000;
            }
            messageProperties = Properties.toMessageProperties(props);
        }
        if (topic.isEmpty()) {
            msg.release();
            c.protocolError("empty topic name without a topic alias");
            return;
        }
        if (!c.broker.topicRules().isValidName(topic) || topic.startsWith("$share/")) {
            msg.release();
            c.disconnect(ReasonCodes.TOPIC_NAME_INVALID, "invalid topic name");
            return;
        }
        c.broker.metrics().publishesReceived.increment();
        c.broker.metrics().bytesReceived.add(msg.payload().readableBytes());

        boolean route = true;
        if (qos == 2) {
            if (c.session.inboundQos2Pending() >= c.broker.limits().receiveMaximum()) {
                msg.release();
                c.disconnect(ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
                return;
            }
            // A resend of a QoS 2 message already routed is acknowledged but not routed again.
            route = c.session.beginInboundQos2(packetId);
        }
        int delivered = 1;
        if (route) {
            Message m = new Message(topic, qos, msg.fixedHeader().isRetain(), new NettyPayload(msg.payload()),
                    messageProperties, expiresAt, c.clientId);
            delivered = c.broker.router().publish(m);
        } else {
            msg.release();
        }
        byte reason = delivered == 0 ? ReasonCodes.NO_MATCHING_SUBSCRIBERS : ReasonCodes.SUCCESS;
        if (qos == 1) {
            c.write(Replies.pubAck(c.v5, packetId, reason));
        } else if (qos == 2) {
            c.write(Replies.pubRec(c.v5, packetId, reason));
        }
    }

    static void onPubrel(MqttConnection c, int packetId) {
        boolean known = c.session.releaseInboundQos2(packetId);
        c.write(Replies.pubComp(c.v5, packetId, known ? ReasonCodes.SUCCESS : ReasonCodes.PACKET_ID_NOT_FOUND));
    }
}
