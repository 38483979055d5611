package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.nio.charset.StandardCharsets;

/**
 * The classic shadow topics of one thing ({@code <prefix>/things/{id}/shadow/…}) and the packets
 * built from them: the SUBSCRIBE a device sends once (encoded by netty-codec-mqtt) and update
 * requests, whose JSON changes length from one request to the next, so they are framed per
 * request: fixed header, topic, packet id, payload.
 */
public final class ShadowTopics {

    /** {@code $twin} (the hub's own) or {@code $aws} (the alias AWS IoT Device SDK clients use). */
    public enum Prefix {
        TWIN("$twin"), AWS("$aws");

        final String root;

        Prefix(String root) {
            this.root = root;
        }

        public static Prefix parse(String s) {
            return switch (s) {
                case "twin", "$twin" -> TWIN;
                case "aws", "$aws" -> AWS;
                default -> throw new IllegalArgumentException("--topic-prefix must be twin or aws, got " + s);
            };
        }
    }

    private final String base;
    private final byte[] update;

    public ShadowTopics(Prefix prefix, String thingId) {
        this.base = prefix.root + "/things/" + thingId + "/shadow";
        this.update = (base + "/update").getBytes(StandardCharsets.UTF_8);
    }

    public String base() {
        return base;
    }

    /** SUBSCRIBE (packet id 1) to update/accepted and update/rejected, and update/delta when asked. */
    public byte[] subscribe(PacketEncoder encoder, int qos, boolean delta) {
        MqttQoS q = MqttQoS.valueOf(qos);
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe()
                .messageId(SubscribeTemplate.PACKET_ID)
                .addSubscription(q, base + "/update/accepted")
                .addSubscription(q, base + "/update/rejected");
        if (delta) {
            b.addSubscription(q, base + "/update/delta");
        }
        return encoder.encode(b.build());
    }

    /**
     * Appends one PUBLISH to {@code P/update} carrying {@code payload[0, length)}.
     *
     * @param packetId used when {@code qos} is 1
     * @param v5 MQTT 5: an empty property section follows the packet id
     */
    public void writeUpdate(ByteBuf out, int qos, int packetId, boolean v5, byte[] payload, int length) {
        int remaining = 2 + update.length + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + length;
        out.writeByte((Frames.PUBLISH << 4) | (qos << 1));
        for (int r = remaining; ; ) {
            int digit = r & 0x7F;
            r >>>= 7;
            if (r > 0) {
                out.writeByte(digit | 0x80);
            } else {
                out.writeByte(digit);
                break;
            }
        }
        out.writeShort(update.length);
        out.writeBytes(update);
        if (qos > 0) {
            out.writeShort(packetId);
        }
        if (v5) {
            out.writeByte(0);
        }
        out.writeBytes(payload, 0, length);
    }

    /** Upper bound of one update PUBLISH in bytes. */
    public int maxUpdateSize() {
        return 5 + 2 + update.length + 2 + 1 + ShadowJson.MAX_REQUEST;
    }

    /** Which answer a PUBLISH to one of our subscriptions is, from the end of its topic. */
    public enum Answer { ACCEPTED, REJECTED, DELTA, OTHER }

    private static final byte[] ACCEPTED = "/update/accepted".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REJECTED = "/update/rejected".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELTA = "/update/delta".getBytes(StandardCharsets.US_ASCII);

    public static Answer answerOf(ByteBuf buf, int topicStart, int topicLength) {
        if (endsWith(buf, topicStart, topicLength, ACCEPTED)) {
            return Answer.ACCEPTED;
        }
        if (endsWith(buf, topicStart, topicLength, REJECTED)) {
            return Answer.REJECTED;
        }
        if (endsWith(buf, topicStart, topicLength, DELTA)) {
            return Answer.DELTA;
        }
        return Answer.OTHER;
    }

    private static boolean endsWith(ByteBuf buf, int start, int length, byte[] suffix) {
        if (length < suffix.length) {
            return false;
        }
        int from = start + length - suffix.length;
        for (int i = 0; i < suffix.length; i++) {
            if (buf.getByte(from + i) != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
