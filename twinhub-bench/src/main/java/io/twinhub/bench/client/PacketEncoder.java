package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * Encodes packet templates with netty-codec-mqtt, once per run and not per message: the hot path
 * copies the bytes and patches packet ids and timestamps. Encoding a CONNECT first tells the
 * codec which protocol version the later packets use.
 */
public final class PacketEncoder implements AutoCloseable {

    private final EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final MqttVersion version;

    public PacketEncoder(MqttVersion version) {
        this.version = version;
        MqttConnectMessage connect = MqttMessageBuilders.connect()
                .protocolVersion(version).clientId("template").cleanSession(true).build();
        encode(connect);
    }

    public MqttVersion version() {
        return version;
    }

    public boolean v5() {
        return version == MqttVersion.MQTT_5;
    }

    /** The wire bytes of {@code message}. */
    public byte[] encode(MqttMessage message) {
        if (!channel.writeOutbound(message)) {
            throw new IllegalStateException("encoder produced nothing for " + message.fixedHeader().messageType());
        }
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    /** Index of {@code needle} in {@code haystack}; fails when absent (a template bug). */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found in encoded packet");
    }
}
