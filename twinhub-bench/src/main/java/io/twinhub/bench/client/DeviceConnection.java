package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

/** A device that only connects and keeps its connection alive (the {@code connect} scenario). */
public final class DeviceConnection extends BenchConnection {

    public DeviceConnection(ConnectionSetup setup, int index, String clientId) {
        super(setup, index, clientId);
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        // An idle device expects nothing else; anything unexpected is ignored.
    }
}
