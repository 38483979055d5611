package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The MQTT fixed header, read in place: type, flags and the variable-length "remaining length".
 * This is all the generator parses of most packets; nothing is allocated per packet.
 */
public final class Frames {

    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBSCRIBE = 10;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    /** Returned by {@link #headerLength} when the buffer does not hold the whole fixed header yet. */
    public static final int INCOMPLETE = -1;

    private Frames() { }

    /**
     * Length of the fixed header starting at {@code index} (2 to 5 bytes), or {@link #INCOMPLETE}.
     * The remaining length itself is returned by {@link #remainingLength}.
     */
    public static int headerLength(ByteBuf buf, int index) {
        int end = buf.writerIndex();
        for (int i = 1; i <= 4; i++) {
            if (index + i >= end) {
                return INCOMPLETE;
            }
            if ((buf.getByte(index + i) & 0x80) == 0) {
                return i + 1;
            }
        }
        throw new CorruptedFrameException("remaining length longer than 4 bytes");
    }

    /** The remaining length of the fixed header at {@code index} whose length is {@code headerLength}. */
    public static int remainingLength(ByteBuf buf, int index, int headerLength) {
        int value = 0;
        int shift = 0;
        for (int i = 1; i < headerLength; i++) {
            value |= (buf.getByte(index + i) & 0x7F) << shift;
            shift += 7;
        }
        return value;
    }

    /** Reads a variable byte integer (MQTT 5 property length) at {@code index}; returns value and size packed. */
    public static long varInt(ByteBuf buf, int index) {
        int value = 0;
        int shift = 0;
        for (int i = 0; i < 4; i++) {
            byte b = buf.getByte(index + i);
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return ((long) (i + 1) << 32) | value;
            }
            shift += 7;
        }
        throw new CorruptedFrameException("variable byte integer longer than 4 bytes");
    }

    /** The index after the MQTT 5 properties that start at {@code index} (their length, then them). */
    public static int afterProperties(ByteBuf buf, int index) {
        long v = varInt(buf, index);
        return index + (int) (v >>> 32) + (int) v;
    }

    /** Writes a 4-byte acknowledgement (PUBACK, PUBREC, PUBREL, PUBCOMP) for {@code packetId}. */
    public static void writeAck(ByteBuf out, int type, int packetId) {
        int first = type << 4;
        if (type == PUBREL) {
            first |= 0x02; // PUBREL's fixed header flags are 0010
        }
        out.writeByte(first);
        out.writeByte(2);
        out.writeShort(packetId);
    }

    public static void writePingReq(ByteBuf out) {
        out.writeByte(PINGREQ << 4);
        out.writeByte(0);
    }

    public static void writeDisconnect(ByteBuf out) {
        out.writeByte(DISCONNECT << 4);
        out.writeByte(0);
    }
}
