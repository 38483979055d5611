package io.twinhub.bench.discard;

import io.netty.buffer.ByteBuf;
import io.twinhub.bench.client.Frames;

/** The discard server's answers, written as raw bytes (no message objects, no encoder). */
final class Replies {

    private Replies() { }

    /** CONNACK "accepted"; MQTT 5 adds an empty property section. */
    static void connAck(ByteBuf out, boolean v5) {
        out.writeByte(Frames.CONNACK << 4);
        if (v5) {
            out.writeByte(3).writeByte(0).writeByte(0).writeByte(0);
        } else {
            out.writeByte(2).writeByte(0).writeByte(0);
        }
    }

    /** SUBACK granting each requested QoS. */
    static void subAck(ByteBuf out, boolean v5, int packetId, int[] grantedQos) {
        out.writeByte(Frames.SUBACK << 4);
        out.writeByte(2 + (v5 ? 1 : 0) + grantedQos.length);
        out.writeShort(packetId);
        if (v5) {
            out.writeByte(0);
        }
        for (int q : grantedQos) {
            out.writeByte(q);
        }
    }

    static void pingResp(ByteBuf out) {
        out.writeByte(Frames.PINGRESP << 4).writeByte(0);
    }
}
