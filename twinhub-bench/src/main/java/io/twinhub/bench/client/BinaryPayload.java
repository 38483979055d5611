package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * Payload of the {@code publish} scenario: bytes 0–7 the send time (System.nanoTime, which is
 * CLOCK_MONOTONIC on Linux and so comparable between processes of one machine), 8–11 the
 * publisher index, 12–19 its sequence number; the rest is filler. Shorter payloads carry what fits.
 */
public final class BinaryPayload implements PayloadCodec {

    public static final BinaryPayload INSTANCE = new BinaryPayload();

    public static final int TIMESTAMP_SIZE = 8;
    public static final int FULL_SIZE = 20;

    private BinaryPayload() { }

    @Override
    public void stamp(ByteBuf buf, int index, int length, long timestampNanos, int source, long seq) {
        if (length >= TIMESTAMP_SIZE) {
            buf.setLong(index, timestampNanos);
        }
        if (length >= FULL_SIZE) {
            buf.setInt(index + 8, source);
            buf.setLong(index + 12, seq);
        }
    }

    @Override
    public long timestamp(ByteBuf buf, int index, int length) {
        return length >= TIMESTAMP_SIZE ? buf.getLong(index) : NO_TIMESTAMP;
    }

    @Override
    public int source(ByteBuf buf, int index, int length) {
        return length >= FULL_SIZE ? buf.getInt(index + 8) : -1;
    }

    @Override
    public long seq(ByteBuf buf, int index, int length) {
        return length >= FULL_SIZE ? buf.getLong(index + 12) : -1;
    }
}
