package io.twinhub.bench.discard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.twinhub.bench.client.Frames;

/**
 * Behind netty-codec-mqtt's decoder: answers what a client waits for (CONNACK, PUBACK, PUBREC,
 * PUBCOMP, SUBACK, PINGRESP) and drops everything else. The cost of decoding MQTT into message
 * objects and nothing more — a lower bound for any Netty broker's per-message CPU.
 */
final class CodecDiscardHandler extends ChannelInboundHandlerAdapter {

    private boolean v5;
    private ByteBuf out;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            MqttMessage m = (MqttMessage) msg;
            if (m.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            switch (m.fixedHeader().messageType()) {
                case CONNECT -> {
                    v5 = ((MqttConnectMessage) m).variableHeader().version() == MqttVersion.MQTT_5.protocolLevel();
                    Replies.connAck(out(ctx), v5);
                }
                case PUBLISH -> {
                    MqttPublishMessage p = (MqttPublishMessage) m;
                    switch (p.fixedHeader().qosLevel()) {
                        case AT_LEAST_ONCE -> Frames.writeAck(out(ctx), Frames.PUBACK, p.variableHeader().packetId());
                        case EXACTLY_ONCE -> Frames.writeAck(out(ctx), Frames.PUBREC, p.variableHeader().packetId());
                        default -> { }
                    }
                }
                case PUBREL -> Frames.writeAck(out(ctx), Frames.PUBCOMP, packetId(m));
                case SUBSCRIBE -> {
                    MqttSubscribeMessage s = (MqttSubscribeMessage) m;
                    int[] granted = s.payload().topicSubscriptions().stream()
                            .mapToInt(t -> t.qualityOfService().value()).toArray();
                    Replies.subAck(out(ctx), v5, s.idAndPropertiesVariableHeader().messageId(), granted);
                }
                case PINGREQ -> Replies.pingResp(out(ctx));
                case DISCONNECT -> ctx.close();
                default -> { }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static int packetId(MqttMessage m) {
        Object h = m.variableHeader();
        if (h instanceof MqttPubReplyMessageVariableHeader r) {
            return r.messageId();
        }
        return ((MqttMessageIdVariableHeader) h).messageId();
    }

    private ByteBuf out(ChannelHandlerContext ctx) {
        if (out == null) {
            out = ctx.alloc().directBuffer(512);
        }
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (out != null) {
            ctx.writeAndFlush(out, ctx.voidPromise());
            out = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
