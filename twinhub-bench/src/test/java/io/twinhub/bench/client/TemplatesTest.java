package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The templates, patched, must be exactly what netty-codec-mqtt decodes back. */
class TemplatesTest {

    private static EmbeddedChannel decoder() {
        return new EmbeddedChannel(new MqttDecoder());
    }

    @ParameterizedTest
    @CsvSource({"MQTT_3_1_1,0", "MQTT_3_1_1,1", "MQTT_3_1_1,2", "MQTT_5,0", "MQTT_5,1", "MQTT_5,2"})
    void publishTemplateWithPatchedIdAndStamp(MqttVersion version, int qos) {
        try (PacketEncoder enc = new PacketEncoder(version)) {
            PublishTemplate t = new PublishTemplate(enc, "bench/ab12/7", qos, new byte[100], BinaryPayload.INSTANCE);
            ByteBuf buf = Unpooled.buffer();
            ConnectTemplate connect = new ConnectTemplate(enc, 15, 30, null, null);
            connect.writeTo(buf, "tbab12p00000007");
            t.writeTo(buf, 4242, 123_456_789L, 7, 99);
            t.writeTo(buf, 4243, 123_456_790L, 7, 100);

            EmbeddedChannel ch = decoder();
            ch.writeInbound(buf);
            MqttConnectMessage c = ch.readInbound();
            assertThat(c.payload().clientIdentifier()).isEqualTo("tbab12p00000007");
            assertThat(c.variableHeader().keepAliveTimeSeconds()).isEqualTo(30);
            assertThat(c.variableHeader().version()).isEqualTo(version.protocolLevel());
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage p = ch.readInbound();
                assertThat(p.decoderResult().isSuccess()).isTrue();
                assertThat(p.variableHeader().topicName()).isEqualTo("bench/ab12/7");
                assertThat(p.fixedHeader().qosLevel().value()).isEqualTo(qos);
                if (qos > 0) {
                    assertThat(p.variableHeader().packetId()).isEqualTo(4242 + i);
                }
                ByteBuf payload = p.payload();
                assertThat(payload.readableBytes()).isEqualTo(100);
                int at = payload.readerIndex();
                assertThat(BinaryPayload.INSTANCE.timestamp(payload, at, 100)).isEqualTo(123_456_789L + i);
                assertThat(BinaryPayload.INSTANCE.source(payload, at, 100)).isEqualTo(7);
                assertThat(BinaryPayload.INSTANCE.seq(payload, at, 100)).isEqualTo(99 + i);
                p.release();
            }
            ch.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void connectTemplateCarriesCredentials(MqttVersion version) {
        try (PacketEncoder enc = new PacketEncoder(version)) {
            ByteBuf buf = Unpooled.buffer();
            new ConnectTemplate(enc, 6, 60, "device", "s3cret").writeTo(buf, "dev001");
            EmbeddedChannel ch = decoder();
            ch.writeInbound(buf);
            MqttConnectMessage c = ch.readInbound();
            assertThat(c.payload().clientIdentifier()).isEqualTo("dev001");
            assertThat(c.payload().userName()).isEqualTo("device");
            assertThat(new String(c.payload().passwordInBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("s3cret");
            assertThat(c.variableHeader().isCleanSession()).isTrue();
            ch.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void subscribeTemplate(MqttVersion version) {
        try (PacketEncoder enc = new PacketEncoder(version)) {
            ByteBuf buf = Unpooled.buffer();
            new ConnectTemplate(enc, 4, 0, null, null).writeTo(buf, "abcd");
            buf.writeBytes(new SubscribeTemplate(enc, "bench/x/#", 1).bytes());
            EmbeddedChannel ch = decoder();
            ch.writeInbound(buf);
            ch.<MqttConnectMessage>readInbound();
            MqttSubscribeMessage s = ch.readInbound();
            assertThat(s.idAndPropertiesVariableHeader().messageId()).isEqualTo(SubscribeTemplate.PACKET_ID);
            assertThat(s.payload().topicSubscriptions().get(0).topicFilter()).isEqualTo("bench/x/#");
            assertThat(s.payload().topicSubscriptions().get(0).qualityOfService().value()).isEqualTo(1);
            ch.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void jsonTelemetryRoundTrip(MqttVersion version) {
        try (PacketEncoder enc = new PacketEncoder(version)) {
            PublishTemplate t = new PublishTemplate(enc, "$twin/things/d1/telemetry", 1,
                    JsonTelemetryPayload.bytes(), JsonTelemetryPayload.INSTANCE);
            ByteBuf buf = Unpooled.buffer();
            t.writeTo(buf, 1, 9_876_543_210_123L, 42, 17);
            int payloadAt = buf.writerIndex() - JsonTelemetryPayload.bytes().length;
            String text = buf.toString(payloadAt, JsonTelemetryPayload.bytes().length, java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(text).startsWith("{\"ts\":0000009876543210123,\"dev\":00000042,\"seq\":000000000017,");
            int n = JsonTelemetryPayload.bytes().length;
            assertThat(JsonTelemetryPayload.INSTANCE.timestamp(buf, payloadAt, n)).isEqualTo(9_876_543_210_123L);
            assertThat(JsonTelemetryPayload.INSTANCE.source(buf, payloadAt, n)).isEqualTo(42);
            assertThat(JsonTelemetryPayload.INSTANCE.seq(buf, payloadAt, n)).isEqualTo(17);
            assertThat(JsonTelemetryPayload.INSTANCE.timestamp(Unpooled.wrappedBuffer(new byte[n]), 0, n))
                    .isEqualTo(PayloadCodec.NO_TIMESTAMP);
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "8", "19", "20"})
    void shortBinaryPayloadsCarryWhatFits(int size) {
        ByteBuf b = Unpooled.buffer(size).writeZero(size);
        BinaryPayload.INSTANCE.stamp(b, 0, size, 55, 3, 9);
        assertThat(BinaryPayload.INSTANCE.timestamp(b, 0, size)).isEqualTo(size >= 8 ? 55 : PayloadCodec.NO_TIMESTAMP);
        assertThat(BinaryPayload.INSTANCE.seq(b, 0, size)).isEqualTo(size >= 20 ? 9 : -1);
    }
}
