package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.telemetry.IngestResult;
import io.twinhub.core.telemetry.TelemetryIngest;

/**
 * A PUBLISH to a device's telemetry topic (contract §4): validated and stored by the telemetry
 * service, which routes it to subscribers once durable; acknowledged here, in the connection's
 * packet order. How each outcome is answered (docs/TELEMETRY.md):
 *
 * <ul>
 *   <li>stored: PUBACK / PUBREC success;</li>
 *   <li>invalid payload: MQTT 5 QoS 1/2 get reason 0x99 with the reason string; otherwise the
 *       reason is published on {@code …/telemetry/rejected} (and QoS 1/2 in 3.1.1 get an ordinary
 *       acknowledgement: 3.1.1 has no negative one, and nothing was accepted that could be lost);</li>
 *   <li>over the device's rate limit: QoS 0 is dropped with a message on {@code …/rejected};
 *       QoS 1/2 end the connection, MQTT 5 with DISCONNECT 0x96 (message rate too high: PUBACK
 *       has no such reason code) — never an acknowledgement of what was not stored;</li>
 *   <li>shed under overload (QoS 0 only): nothing to answer, counted by the service;</li>
 *   <li>store failure: as for any PUBLISH that cannot be stored.</li>
 * </ul>
 *
 * While the service is congested, a connection that sent QoS 1/2 telemetry stops reading its
 * socket until the service catches up: the publisher is slowed, not failed.
 */
final class TelemetryPublishes {

    private TelemetryPublishes() { }

    static void onTelemetry(MqttConnection c, TelemetryIngest telemetry, String device, MqttPublishMessage msg,
                            String topic, MessageProperties properties, long expiresAt) {
        int qos = msg.fixedHeader().qosLevel().value();
        int packetId = msg.variableHeader().packetId();
        // One copy, off the socket buffer: the service parses it and routes the same bytes.
        byte[] payload = new byte[msg.payload().readableBytes()];
        msg.payload().readBytes(payload);
        boolean retain = msg.fixedHeader().isRetain();
        msg.release();
        if (qos == 2 && !c.session.beginInboundQos2(packetId)) {
            c.write(Replies.pubRec(c.v5, packetId, ReasonCodes.SUCCESS));  // a resend of one already taken
            return;
        }
        Message message = new Message(topic, qos, retain, new BytesPayload(payload), properties, expiresAt, c.clientId);
        long ticket = c.commits.started();
        telemetry.ingest(device, message, qos == 0, result -> c.commits.complete(new Ingested(c, ticket, qos, packetId, result)));
        if (qos > 0 && telemetry.congested()) {
            c.commits.holdReadingUntil(telemetry::whenRelieved);
        }
    }

    /** Answers one telemetry PUBLISH, after the answers of the packets before it. */
    private static final class Ingested extends PendingCommits.Ordered {
        private final MqttConnection c;
        private final int qos;
        private final int packetId;
        private final IngestResult result;

        Ingested(MqttConnection c, long ticket, int qos, int packetId, IngestResult result) {
            super(ticket);
            this.c = c;
            this.qos = qos;
            this.packetId = packetId;
            this.result = result;
        }

        @Override
        public void run() {
            if (qos == 2 && !result.isStored()) {
                c.session.releaseInboundQos2(packetId);  // nothing taken: a resend must be processed
            }
            switch (result.status()) {
                case STORED -> InboundPublishes.acknowledgeRequest(c, qos, packetId);
                case INVALID -> invalid();
                case RATE_LIMITED -> rateLimited();
                case SHED -> { }
                case FAILED -> InboundPublishes.refuse(c, qos, packetId, ReasonCodes.UNSPECIFIED_ERROR,
                        "telemetry could not be stored");
            }
        }

        private void invalid() {
            if (c.v5 && qos > 0) {
                c.writeSoon(Replies.pubRefusal(qos, packetId, ReasonCodes.PAYLOAD_FORMAT_INVALID, result.message()));
                return;
            }
            publishRejection();
            InboundPublishes.acknowledgeRequest(c, qos, packetId);
        }

        private void rateLimited() {
            if (qos == 0) {
                publishRejection();
            } else if (c.v5) {
                c.disconnect(ReasonCodes.MESSAGE_RATE_TOO_HIGH, result.message());
            } else {
                c.close();
            }
        }

        private void publishRejection() {
            if (result.rejected() != null) {
                c.broker.router().publishNow(result.rejected());
            }
        }
    }
}
