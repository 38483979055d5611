package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {

    record Frame(int type, int flags, int length, int firstBodyByte) { }

    private final List<Frame> frames = new ArrayList<>();
    private final FrameSink sink = (type, flags, buf, body, length) ->
            frames.add(new Frame(type, flags, length, length > 0 ? buf.getByte(body) & 0xFF : -1));

    @Test
    void splitsBackToBackPacketsAndKeepsAPartialOne() {
        ByteBuf in = Unpooled.buffer();
        Frames.writeAck(in, Frames.PUBACK, 7);
        Frames.writePingReq(in);
        in.writeByte(0x32).writeByte(10).writeBytes(new byte[4]); // PUBLISH QoS 1, 6 of 10 body bytes missing
        int n = new FrameDecoder(1024).decode(in, sink);
        assertThat(n).isEqualTo(2);
        assertThat(frames).containsExactly(new Frame(Frames.PUBACK, 0, 2, 0), new Frame(Frames.PINGREQ, 0, 0, -1));
        assertThat(in.readableBytes()).isEqualTo(6);

        in.writeBytes(new byte[6]);
        new FrameDecoder(1024).decode(in, sink);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(2)).isEqualTo(new Frame(Frames.PUBLISH, 2, 10, 0));
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void readsMultiByteRemainingLengths() {
        ByteBuf in = Unpooled.buffer();
        in.writeByte(0x30).writeByte(0x80 | (300 & 0x7F)).writeByte(300 >> 7).writeBytes(new byte[300]);
        assertThat(new FrameDecoder(1024).decode(in, sink)).isEqualTo(1);
        assertThat(frames.get(0).length()).isEqualTo(300);
    }

    @Test
    void waitsForTheRestOfAFixedHeader() {
        ByteBuf in = Unpooled.buffer().writeByte(0x30).writeByte(0x80);
        assertThat(new FrameDecoder(1024).decode(in, sink)).isZero();
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void refusesOversizedPackets() {
        ByteBuf in = Unpooled.buffer().writeByte(0x30).writeByte(0x80 | 1).writeByte(1);
        assertThatThrownBy(() -> new FrameDecoder(100).decode(in, sink)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void varIntReturnsValueAndSize() {
        ByteBuf in = Unpooled.buffer().writeByte(0x80 | 44).writeByte(2);
        long v = Frames.varInt(in, 0);
        assertThat((int) v).isEqualTo(44 + 2 * 128);
        assertThat((int) (v >>> 32)).isEqualTo(2);
    }
}
