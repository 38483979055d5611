package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.request.TopicRequests;
import io.twinhub.core.routing.Router;
import io.twinhub.core.store.BrokerStore;

import java.util.List;

/**
 * PUBLISH and PUBREL from the client: topic aliases, validation, routing and the QoS 1/2
 * acknowledgements. Acknowledgements are written without a flush: one flush per read burst
 * sends them together.
 */
final class InboundPublishes {

    /** First bytes of the fixed headers of PUBACK and PUBREC. */
    private static final int PUBACK = 0x40;
    private static final int PUBREC = 0x50;
    /** Requests to hub services (shadows) one connection may have waiting; more are refused with 429. */
    static final int MAX_REQUESTS_IN_FLIGHT = 10;

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
        PublishTopic target = PublishTopic.of(c, topic);
        if (target == null) {
            msg.release();
            c.disconnect(ReasonCodes.TOPIC_NAME_INVALID, "invalid topic name");
            return;
        }
        topic = target.topic();
        if (!target.allowed()) {
            msg.release();
            denied(c, qos, packetId);
            return;
        }
        if (target.heartbeatOf() != null) {
            c.broker.presence().heartbeat(target.heartbeatOf());
        }
        c.publishesIn++;
        c.bytesIn += msg.payload().readableBytes();

        if (qos > 0 && !c.broker.store().isWritable()) {
            // Never acknowledge what cannot be written: refuse until the store is healthy again.
            msg.release();
            refuse(c, qos, packetId, ReasonCodes.QUOTA_EXCEEDED, "storage unavailable");
            return;
        }
        if (target.request()) {
            request(c, c.broker.requests(), topic, msg, qos, packetId);
            return;
        }
        if (target.telemetryOf() != null) {
            TelemetryPublishes.onTelemetry(c, c.broker.telemetry(), target.telemetryOf(), msg, topic, messageProperties, expiresAt);
            return;
        }
        if (qos == 2) {
            if (c.session.inboundQos2Pending() >= c.broker.limits().receiveMaximum()) {
                msg.release();
                c.disconnect(ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
                return;
            }
            // A resend of a QoS 2 message already routed is acknowledged but not routed again.
            if (!c.session.beginInboundQos2(packetId)) {
                msg.release();
                c.write(Replies.pubRec(c.v5, packetId, ReasonCodes.SUCCESS));
                return;
            }
        }
        Message m = new Message(topic, qos, msg.fixedHeader().isRetain(), new NettyPayload(msg.payload()),
                messageProperties, expiresAt, c.clientId);
        if (qos == 0 && c.commits.isIdle()) {
            c.broker.router().publishNow(m);
            return;
        }
        // QoS 1/2 are acknowledged once durable; QoS 0 behind them waits its turn to keep order.
        BrokerStore.WriteGroup group = c.broker.store().newGroup();
        if (qos == 2 && c.session.isPersistent()) {
            group.putInboundQos2(c.clientId, packetId);
        }
        boolean nothingPending = c.commits.isIdle();
        c.broker.router().publishDurably(m, group, nothingPending, new Stored(c, c.commits.started(), qos, packetId));
    }

    /** Acknowledges a routed PUBLISH once durable, after the acknowledgements of the packets before it. */
    private static final class Stored extends PendingCommits.Ordered implements Router.PublishCallback {
        private final MqttConnection c;
        private final int qos;
        private final int packetId;
        private int delivered;
        private Throwable error;

        Stored(MqttConnection c, long ticket, int qos, int packetId) {
            super(ticket);
            this.c = c;
            this.qos = qos;
            this.packetId = packetId;
        }

        @Override
        public void done(int delivered, Throwable error) {
            this.delivered = delivered;
            this.error = error;
            c.commits.complete(this);
        }

        @Override
        public void run() {
            committed(c, qos, packetId, delivered, error);
        }
    }

    /**
     * A request to a hub service (a shadow get/update/delete): answered by the service, not
     * routed. Its answers are published, and the PUBLISH acknowledged, in the order of the
     * connection's packets; at most {@link #MAX_REQUESTS_IN_FLIGHT} wait at once, the next is
     * refused with 429 at once. QoS 2 duplicates are recognised like any QoS 2 PUBLISH.
     */
    private static void request(MqttConnection c, TopicRequests requests, String topic, MqttPublishMessage msg,
                                int qos, int packetId) {
        byte[] payload = new byte[msg.payload().readableBytes()];
        msg.payload().readBytes(payload);
        msg.release();
        if (qos == 2 && !c.session.beginInboundQos2(packetId)) {
            c.write(Replies.pubRec(c.v5, packetId, ReasonCodes.SUCCESS));
            return;
        }
        long ticket = c.commits.started();
        if (c.requestsInFlight >= MAX_REQUESTS_IN_FLIGHT) {
            c.broker.metrics().requestsRefused.increment();
            c.commits.complete(new Answered(c, ticket, qos, packetId, false,
                    requests.refusal(topic, payload, 429, "Too many requests in flight")));
            return;
        }
        c.requestsInFlight++;
        requests.request(topic, payload,
                answers -> c.commits.complete(new Answered(c, ticket, qos, packetId, true, answers)));
    }

    /** Publishes a request's answers and acknowledges it, in the connection's packet order. */
    private static final class Answered extends PendingCommits.Ordered {
        private final MqttConnection c;
        private final int qos;
        private final int packetId;
        /** Whether it counted as in flight (a refused one did not). */
        private final boolean inFlight;
        private final List<Message> answers;

        Answered(MqttConnection c, long ticket, int qos, int packetId, boolean inFlight, List<Message> answers) {
            super(ticket);
            this.c = c;
            this.qos = qos;
            this.packetId = packetId;
            this.inFlight = inFlight;
            this.answers = answers;
        }

        @Override
        public void run() {
            if (inFlight) {
                c.requestsInFlight--;
            }
            for (Message m : answers) {
                c.broker.router().publishNow(m);
            }
            acknowledgeRequest(c, qos, packetId);
        }
    }

    static void acknowledgeRequest(MqttConnection c, int qos, int packetId) {
        if (qos == 1) {
            c.writeAck(PUBACK, packetId, ReasonCodes.SUCCESS);
        } else if (qos == 2) {
            c.writeAck(PUBREC, packetId, ReasonCodes.SUCCESS);
        }
    }

    private static void committed(MqttConnection c, int qos, int packetId, int delivered, Throwable error) {
        if (error != null) {
            if (qos == 2) {
                c.session.releaseInboundQos2(packetId);  // not routed: a resend must be routed
            }
            if (qos > 0) {
                refuse(c, qos, packetId, ReasonCodes.UNSPECIFIED_ERROR, "message could not be stored");
            }
            return;
        }
        byte reason = delivered == 0 ? ReasonCodes.NO_MATCHING_SUBSCRIBERS : ReasonCodes.SUCCESS;
        if (qos == 1) {
            c.writeAck(PUBACK, packetId, reason);
        } else if (qos == 2) {
            c.writeAck(PUBREC, packetId, reason);
        }
    }

    /**
     * A PUBLISH outside the client's rules is dropped and counted. MQTT 5 says why (0x87); 3.1.1
     * has no negative acknowledgement, so QoS 1/2 get an ordinary one: the client must not stall
     * or resend forever (closing would only make it reconnect and resend). The acknowledgement
     * waits behind those of earlier messages still being stored, to keep them in order.
     */
    private static void denied(MqttConnection c, int qos, int packetId) {
        c.broker.metrics().publishesDenied.increment();
        if (qos == 0) {
            return;
        }
        Object ack = c.v5 ? Replies.pubRefusal(qos, packetId, ReasonCodes.NOT_AUTHORIZED, "not authorized")
                : qos == 1 ? Replies.pubAck(false, packetId, ReasonCodes.SUCCESS)
                : Replies.pubRec(false, packetId, ReasonCodes.SUCCESS);
        if (c.commits.isIdle()) {
            c.write(ack);
            return;
        }
        long ticket = c.commits.started();
        c.broker.store().newGroup().commit(error -> c.commits.complete(new PendingCommits.Ordered(ticket) {
            @Override
            public void run() {
                c.writeSoon(ack);
            }
        }));
    }

    /** A negative acknowledgement in 5.0; 3.1.1 has none, so the connection is closed and the client retries. */
    static void refuse(MqttConnection c, int qos, int packetId, byte reason, String why) {
        if (!c.v5) {
            c.close();
            return;
        }
        c.writeSoon(Replies.pubRefusal(qos, packetId, reason, why));
    }

    static void onPubrel(MqttConnection c, int packetId) {
        boolean persistent = c.session.isPersistent();
        boolean known = c.session.releaseInboundQos2(packetId);
        if (!known || !persistent) {
            c.write(Replies.pubComp(c.v5, packetId, known ? ReasonCodes.SUCCESS : ReasonCodes.PACKET_ID_NOT_FOUND));
            return;
        }
        // The packet id must be forgotten durably before PUBCOMP, or a restart would take the
        // client's next message with the same id for a resend and drop it.
        BrokerStore.WriteGroup group = c.broker.store().newGroup();
        group.removeInboundQos2(c.clientId, packetId);
        group.commit(error -> c.commits.onLoop(() -> c.writeSoon(Replies.pubComp(c.v5, packetId,
                error == null ? ReasonCodes.SUCCESS : ReasonCodes.UNSPECIFIED_ERROR))));
    }
}
