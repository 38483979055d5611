package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.twinhub.bench.access.ClientTls;

/**
 * A device that only connects and keeps its connection alive (the {@code connect} scenario),
 * optionally with its own CONNECT (its user name and token) and over TLS (its own session and
 * client certificate).
 */
public final class DeviceConnection extends BenchConnection {

    private final byte[] connect;
    private final ClientTls tls;
    private final String tlsHost;
    private final int tlsDevice;

    /** An anonymous device over plain TCP, sending the shared CONNECT template. */
    public DeviceConnection(ConnectionSetup setup, int index, String clientId) {
        this(setup, index, clientId, null, null, null, -1);
    }

    /**
     * @param connect this device's encoded CONNECT, or null for the shared template
     * @param tls the TLS client of the device's group, or null for plain TCP
     * @param tlsHost the server name its certificate must carry
     * @param tlsDevice the device's number within its TLS group (its session and certificate)
     */
    public DeviceConnection(ConnectionSetup setup, int index, String clientId, byte[] connect, ClientTls tls,
                            String tlsHost, int tlsDevice) {
        super(setup, index, clientId);
        this.connect = connect;
        this.tls = tls;
        this.tlsHost = tlsHost;
        this.tlsDevice = tlsDevice;
    }

    @Override
    public ChannelHandler channelHandler() {
        if (tls == null) {
            return this;
        }
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), tlsHost, tlsDevice));
                ch.pipeline().addLast("device", DeviceConnection.this);
            }
        };
    }

    @Override
    protected ByteBuf connectPacket(ByteBufAllocator alloc) {
        if (connect == null) {
            return super.connectPacket(alloc);
        }
        return alloc.directBuffer(connect.length).writeBytes(connect);
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        // An idle device expects nothing else; anything unexpected is ignored.
    }
}
