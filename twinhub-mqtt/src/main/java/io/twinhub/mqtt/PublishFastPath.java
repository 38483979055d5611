package io.twinhub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.util.List;

/**
 * Sits in front of netty-codec-mqtt's {@code MqttDecoder}: follows the packet boundaries of the
 * byte stream and decodes the most common packet itself, a PUBLISH to the same topic as the
 * connection's previous PUBLISH without MQTT 5 properties, giving it that topic's String. All
 * other bytes are handed on to {@code MqttDecoder} as they come, so it decodes, validates and
 * rejects them exactly as it would alone, and both kinds of packet reach {@link MqttConnection}
 * in the order they were sent.
 *
 * <p>Why: the general decoder decodes and strictly checks the topic's UTF-8 for every message (a
 * buffer slice, a char buffer and a new String each time), about a fifth of what the node
 * allocated per message under load, for a topic a device repeats. A topic that equals, byte for
 * byte, one that was decoded and checked before needs none of it.
 *
 * <p>Nothing is held back except a fixed header that is not complete yet (at most four bytes): a
 * packet is decoded here only when it is already complete in the input. Malformed framing or a
 * packet over the size limit switches the handler to passing bytes straight on for the rest of
 * the connection.
 */
final class PublishFastPath extends ByteToMessageDecoder {

    private static final int PUBLISH = 3;

    private final int maxPacketSize;
    private final MqttConnection connection;
    private boolean passThrough;
    /** Bytes of the current packet still to hand on before the next packet begins. */
    private long toForward;

    PublishFastPath(int maxPacketSize, MqttConnection connection) {
        this.maxPacketSize = maxPacketSize;
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (passThrough) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        if (toForward > 0) {
            int n = (int) Math.min(toForward, in.readableBytes());
            toForward -= n;
            out.add(in.readRetainedSlice(n));
            return;
        }
        int start = in.readerIndex();
        int remaining = 0;
        int at = start + 1;
        for (int shift = 0; ; shift += 7, at++) {
            if (at >= in.writerIndex()) {
                return; // the fixed header is not complete yet
            }
            if (shift == 28) {
                passThroughFromNowOn(in, out); // a fifth length byte: malformed
                return;
            }
            byte b = in.getByte(at);
            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int body = at + 1;
        if (remaining > maxPacketSize) {
            passThroughFromNowOn(in, out);
            return;
        }
        if (in.writerIndex() - body >= remaining) {
            MqttPublishMessage publish = repeatedTopicPublish(in, start, body, remaining);
            if (publish != null) {
                out.add(publish);
                return;
            }
        }
        toForward = body - start + (long) remaining;
        int n = (int) Math.min(toForward, in.readableBytes());
        toForward -= n;
        out.add(in.readRetainedSlice(n));
    }

    /** Hands everything on, now and later: the general decoder reports what is wrong, as without this handler. */
    private void passThroughFromNowOn(ByteBuf in, List<Object> out) {
        passThrough = true;
        out.add(in.readRetainedSlice(in.readableBytes()));
    }

    /**
     * The packet at {@code start} decoded, when it is a PUBLISH to the connection's last topic with
     * a valid packet id and no properties (and the input advanced past it); else null.
     */
    private MqttPublishMessage repeatedTopicPublish(ByteBuf in, int start, int body, int remaining) {
        PublishTopic last = connection.lastPublishTopic;
        if (last == null || connection.state != MqttConnection.State.CONNECTED) {
            return null;
        }
        int first = in.getUnsignedByte(start);
        int qos = (first >> 1) & 0x03;
        if (first >> 4 != PUBLISH || qos == 3) {
            return null;
        }
        byte[] topic = last.utf8();
        int idBytes = qos > 0 ? 2 : 0;
        int propertyBytes = connection.v5 ? 1 : 0;
        int headerBytes = 2 + topic.length + idBytes + propertyBytes;
        if (remaining < headerBytes || in.getUnsignedShort(body) != topic.length
                || !sameBytes(in, body + 2, topic)) {
            return null;
        }
        int packetId = qos > 0 ? in.getUnsignedShort(body + 2 + topic.length) : 0;
        if (qos > 0 && packetId == 0 || connection.v5 && in.getByte(body + headerBytes - 1) != 0) {
            return null; // a zero packet id is an error, properties need the general decoder
        }
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, (first & 0x08) != 0,
                MqttQoS.valueOf(qos), (first & 0x01) != 0, remaining);
        MqttPublishVariableHeader variable = new MqttPublishVariableHeader(last.topic(), packetId,
                MqttProperties.NO_PROPERTIES);
        in.readerIndex(body + headerBytes);
        return new MqttPublishMessage(fixed, variable, in.readRetainedSlice(remaining - headerBytes));
    }

    private static boolean sameBytes(ByteBuf in, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (in.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
