package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

/** Builds the packets the broker answers with, in the shape each protocol version needs. */
final class Replies {

    private static final MqttFixedHeader CONNACK = header(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBACK = header(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBREC = header(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBREL = header(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE);
    private static final MqttFixedHeader PUBCOMP = header(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader SUBACK = header(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader UNSUBACK = header(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader DISCONNECT = header(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE);
    static final MqttMessage PINGRESP = new MqttMessage(header(MqttMessageType.PINGRESP, MqttQoS.AT_MOST_ONCE));

    private Replies() { }

    private static MqttFixedHeader header(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent, MqttProperties props) {
        return new MqttConnAckMessage(CONNACK, new MqttConnAckVariableHeader(code, sessionPresent, props));
    }

    static MqttMessage pubAck(boolean v5, int packetId, byte reason) {
        return new MqttMessage(PUBACK, replyHeader(v5, packetId, reason));
    }

    static MqttMessage pubRec(boolean v5, int packetId, byte reason) {
        return new MqttMessage(PUBREC, replyHeader(v5, packetId, reason));
    }

    static MqttMessage pubRel(boolean v5, int packetId, byte reason) {
        return new MqttMessage(PUBREL, replyHeader(v5, packetId, reason));
    }

    static MqttMessage pubComp(boolean v5, int packetId, byte reason) {
        return new MqttMessage(PUBCOMP, replyHeader(v5, packetId, reason));
    }

    /** A negative PUBACK or PUBREC (5.0) that says why. */
    static MqttMessage pubRefusal(int qos, int packetId, byte reason, String why) {
        MqttPubReplyMessageVariableHeader h = new MqttPubReplyMessageVariableHeader(packetId, reason,
                Properties.reasonString(why));
        return new MqttMessage(qos == 1 ? PUBACK : PUBREC, h);
    }

    private static MqttMessageIdVariableHeader replyHeader(boolean v5, int packetId, byte reason) {
        if (v5 && reason != ReasonCodes.SUCCESS) {
            return new MqttPubReplyMessageVariableHeader(packetId, reason, MqttProperties.NO_PROPERTIES);
        }
        return MqttMessageIdVariableHeader.from(packetId);
    }

    static MqttSubAckMessage subAck(boolean v5, int packetId, int[] codes) {
        if (v5) {
            return new MqttSubAckMessage(SUBACK,
                    new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                    new MqttSubAckPayload(codes));
        }
        return new MqttSubAckMessage(SUBACK, MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(boolean v5, int packetId, short[] codes) {
        if (v5) {
            return new MqttUnsubAckMessage(UNSUBACK,
                    new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                    new MqttUnsubAckPayload(codes));
        }
        return new MqttUnsubAckMessage(UNSUBACK, MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttMessage disconnect(byte reason, String reasonString) {
        MqttProperties props = reasonString == null ? MqttProperties.NO_PROPERTIES : Properties.reasonString(reasonString);
        return new MqttMessage(DISCONNECT, new MqttReasonCodeAndPropertiesVariableHeader(reason, props));
    }
}
