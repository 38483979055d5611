package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

/** Receives whole MQTT packets, parsed only as far as the fixed header. */
@FunctionalInterface
public interface FrameSink {
    /**
     * @param type packet type (1–15)
     * @param flags the low 4 bits of the first byte
     * @param buf the buffer holding the packet
     * @param body index of the first byte after the fixed header
     * @param length remaining length (bytes from {@code body})
     */
    void onFrame(int type, int flags, ByteBuf buf, int body, int length);
}
