package io.twinhub.it.durability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One control packet as the broker sent it, decoded just enough for the durability tests.
 *
 * @param type  packet type (upper nibble of the first byte), or {@link #CLOSED}
 * @param flags fixed header flags (lower nibble)
 * @param body  everything after the remaining length
 * @param level protocol level of the connection: 4 (3.1.1) or 5
 */
record WirePacket(int type, int flags, byte[] body, int level) {

    /** Pseudo type: the broker closed the connection (or it broke). */
    static final int CLOSED = -1;

    static WirePacket closed(int level) {
        return new WirePacket(CLOSED, 0, new byte[0], level);
    }

    boolean isClosed() { return type == CLOSED; }

    boolean dup() { return (flags & 0x08) != 0; }

    int qos() { return (flags >> 1) & 0x03; }

    boolean retain() { return (flags & 0x01) != 0; }

    /** CONNACK: session present. */
    boolean sessionPresent() { return (body[0] & 0x01) != 0; }

    /** CONNACK return code (3.1.1) or reason code (5.0). */
    int connectCode() { return body[1] & 0xFF; }

    /** PUBLISH: its packet id (0 for QoS 0); acknowledgements: the id they acknowledge. */
    int packetId() {
        if (type != Wire.PUBLISH) {
            return u16(0);
        }
        return qos() == 0 ? 0 : u16(2 + topicLength());
    }

    /** PUBACK/PUBREC/PUBREL/PUBCOMP: the reason code (always 0 in 3.1.1, and when omitted in 5.0). */
    int reasonCode() {
        return body.length > 2 ? body[2] & 0xFF : 0;
    }

    String topic() {
        return new String(body, 2, topicLength(), StandardCharsets.UTF_8);
    }

    byte[] payloadBytes() {
        int at = 2 + topicLength() + (qos() > 0 ? 2 : 0);
        if (level == 5) {
            int[] lenAndSize = varInt(at);
            at += lenAndSize[1] + lenAndSize[0];
        }
        return Arrays.copyOfRange(body, at, body.length);
    }

    String payload() {
        return new String(payloadBytes(), StandardCharsets.UTF_8);
    }

    /** SUBACK: the granted QoS (or failure code) per filter. */
    int[] grantedQos() {
        int at = 2;
        if (level == 5) {
            int[] lenAndSize = varInt(at);
            at += lenAndSize[1] + lenAndSize[0];
        }
        int[] codes = new int[body.length - at];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = body[at + i] & 0xFF;
        }
        return codes;
    }

    private int topicLength() { return u16(0); }

    private int u16(int at) { return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF); }

    /** A variable byte integer at {@code at}: its value and how many bytes it took. */
    private int[] varInt(int at) {
        int value = 0;
        int multiplier = 1;
        int i = at;
        int b;
        do {
            b = body[i++] & 0xFF;
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return new int[] {value, i - at};
    }

    @Override
    public String toString() {
        if (type == Wire.PUBLISH) {
            return "PUBLISH[" + topic() + " qos=" + qos() + " dup=" + dup() + " retain=" + retain() + " id=" + packetId()
                    + " '" + payload() + "']";
        }
        return type == CLOSED ? "CLOSED" : "Packet[type=" + type + " flags=" + flags + " len=" + body.length + "]";
    }
}
