package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits a byte stream into MQTT packets in place. Netty's cumulation keeps partial packets
 * between reads; this class only walks fixed headers and hands each whole packet to a sink.
 */
public final class FrameDecoder {

    private final int maxPacket;

    public FrameDecoder(int maxPacket) {
        this.maxPacket = maxPacket;
    }

    /**
     * Passes every complete packet in {@code in} to {@code sink} and advances the reader index
     * past them; a trailing partial packet stays unread.
     *
     * @return packets delivered
     */
    public int decode(ByteBuf in, FrameSink sink) {
        int count = 0;
        while (in.isReadable(2)) {
            int start = in.readerIndex();
            int header = Frames.headerLength(in, start);
            if (header == Frames.INCOMPLETE) {
                break;
            }
            int length = Frames.remainingLength(in, start, header);
            if (length > maxPacket) {
                throw new TooLongFrameException("packet of " + length + " bytes exceeds " + maxPacket);
            }
            int body = start + header;
            if (in.writerIndex() - body < length) {
                break;
            }
            int first = in.getByte(start) & 0xFF;
            sink.onFrame(first >>> 4, first & 0x0F, in, body, length);
            in.readerIndex(body + length);
            count++;
        }
        return count;
    }
}
