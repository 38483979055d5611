package io.twinhub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.Payload;
import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.core.session.Delivery;

/** Turns deliveries into PUBLISH packets for one connection: properties, topic aliases, size limit. */
final class OutboundPublishes {

    /** A Topic Alias property: identifier byte and two-byte value. */
    private static final int ALIAS_PROPERTY_SIZE = 3;

    private final MqttConnection conn;

    OutboundPublishes(MqttConnection conn) {
        this.conn = conn;
    }

    boolean write(Delivery d, int packetId, boolean dup) {
        Message m = d.message();
        String topic = m.topic();
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        int knownAlias = 0;
        if (conn.v5) {
            props = properties(d, m);
            if (conn.clientTopicAliasMaximum > 0) {
                knownAlias = conn.aliases.knownOutbound(topic);
            }
        }
        Payload payload = d.payload();
        // Sized as sent: an empty topic when the client already knows the alias. A new alias is
        // recorded only once the packet is certain to go out, or the client would miss it.
        if (conn.clientMaxPacketSize != Long.MAX_VALUE
                && estimateSize(knownAlias > 0 ? "" : topic, props, payload) + ALIAS_PROPERTY_SIZE > conn.clientMaxPacketSize) {
            payload.release();
            conn.broker.metrics().dropped(DropReason.PACKET_TOO_LARGE_FOR_CLIENT);
            return false;
        }
        if (conn.v5 && conn.clientTopicAliasMaximum > 0) {
            int alias = knownAlias > 0 ? knownAlias : conn.aliases.assignOutbound(topic, conn.clientTopicAliasMaximum);
            if (alias != 0) {
                if (props == MqttProperties.NO_PROPERTIES) {
                    props = new MqttProperties();
                }
                props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
                if (knownAlias > 0) {
                    topic = "";
                }
            }
        }
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(d.qos()), d.retain(), 0);
        MqttPublishMessage publish = new MqttPublishMessage(header,
                new MqttPublishVariableHeader(topic, d.qos() == 0 ? 0 : packetId, props), buffer(payload));
        conn.write(publish);
        conn.broker.metrics().publishesSent.increment();
        return true;
    }

    /**
     * The payload as a buffer the encoder may consume and release. A socket slice is shared with
     * other subscribers, so each write gets its own duplicate (own indexes, shared count) carrying
     * the delivery's reference; heap bytes are wrapped without copying.
     */
    private static ByteBuf buffer(Payload payload) {
        Object raw = payload.unwrap();
        if (raw instanceof ByteBuf buf) {
            return buf.duplicate();
        }
        return Unpooled.wrappedBuffer((byte[]) raw);
    }

    private MqttProperties properties(Delivery d, Message m) {
        long expiry = m.remainingExpirySeconds(conn.broker.nowMillis());
        int[] ids = d.subscriptionIds();
        if (m.properties().isEmpty() && expiry < 0 && ids.length == 0) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
        Properties.addMessageProperties(props, m.properties());
        if (expiry >= 0) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) expiry));
        }
        for (int id : ids) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        return props;
    }

    /** Upper bound of the encoded size: fixed header, topic, packet id, properties, payload. */
    private static long estimateSize(String topic, MqttProperties props, Payload payload) {
        long size = 5 + 2 + ByteBufUtil.utf8Bytes(topic) + 2 + payload.length();
        if (props != MqttProperties.NO_PROPERTIES) {
            size += 4;
            for (MqttProperties.MqttProperty<?> p : props.listAll()) {
                size += 1 + valueSize(p.value());
            }
        }
        return size;
    }

    private static long valueSize(Object v) {
        if (v instanceof String s) {
            return 2 + ByteBufUtil.utf8Bytes(s);
        }
        if (v instanceof byte[] b) {
            return 2 + b.length;
        }
        if (v instanceof MqttProperties.StringPair p) {
            return 4 + ByteBufUtil.utf8Bytes(p.key) + ByteBufUtil.utf8Bytes(p.value);
        }
        if (v instanceof java.util.List<?> list) {
            long n = 0;
            for (Object o : list) {
                n += 1 + valueSize(o);
            }
            return n;
        }
        return 4;
    }
}
