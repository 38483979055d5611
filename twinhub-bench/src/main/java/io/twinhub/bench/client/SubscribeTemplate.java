package io.twinhub.bench.client;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;

/** The SUBSCRIBE a subscriber sends once: one topic filter at the run's QoS, packet id 1. */
public final class SubscribeTemplate {

    public static final int PACKET_ID = 1;

    private final byte[] bytes;

    public SubscribeTemplate(PacketEncoder encoder, String filter, int qos) {
        this.bytes = encoder.encode(MqttMessageBuilders.subscribe()
                .messageId(PACKET_ID)
                .addSubscription(MqttQoS.valueOf(qos), filter)
                .build());
    }

    public byte[] bytes() {
        return bytes;
    }
}
