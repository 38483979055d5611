package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * Where a payload carries what the receiving side needs: the send timestamp (for end-to-end
 * latency), the publisher's index and its sequence number (for loss, duplicate and order checks).
 */
public interface PayloadCodec {

    long NO_TIMESTAMP = Long.MIN_VALUE;

    /** Writes timestamp, source and sequence into the payload at {@code index} (length fixed by the template). */
    void stamp(ByteBuf buf, int index, int length, long timestampNanos, int source, long seq);

    /** The timestamp in the payload, or {@link #NO_TIMESTAMP} if it carries none. */
    long timestamp(ByteBuf buf, int index, int length);

    /** The publisher index, or -1 if the payload carries none. */
    int source(ByteBuf buf, int index, int length);

    /** The sequence number, or -1 if the payload carries none. */
    long seq(ByteBuf buf, int index, int length);
}
