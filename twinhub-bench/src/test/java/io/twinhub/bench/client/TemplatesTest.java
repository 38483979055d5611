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
    void telemetryRoundTrip(MqttVersion version) throws Exception {
        TelemetryPayload payload = new TelemetryPayload(10);
        try (PacketEncoder enc = new PacketEncoder(version)) {
            PublishTemplate t = new PublishTemplate(enc, "$twin/things/d1/telemetry", 1, payload.bytes(), payload);
            ByteBuf buf = Unpooled.buffer();
            long sent = System.nanoTime();
            t.writeTo(buf, 1, sent, 42, 17);
            int n = payload.bytes().length;
            int payloadAt = buf.writerIndex() - n;
            String text = buf.toString(payloadAt, n, java.nio.charset.StandardCharsets.US_ASCII);
            // Strict JSON (no leading zeros), the timestamped shape, ten points.
            com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            assertThat(doc.get("ts").asLong()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1);
            assertThat(doc.get("values").size()).isEqualTo(10);
            assertThat(doc.at("/values/dev").asLong()).isEqualTo(100_000_042L);
            assertThat(doc.at("/values/seq").asLong()).isEqualTo(1_000_000_000_017L);
            assertThat(doc.at("/values/temp").asDouble()).isBetween(20.0, 29.9);
            assertThat(payload.timestamp(buf, payloadAt, n)).isEqualTo(sent);
            assertThat(payload.source(buf, payloadAt, n)).isEqualTo(42);
            assertThat(payload.seq(buf, payloadAt, n)).isEqualTo(17);
            assertThat(payload.timestamp(Unpooled.wrappedBuffer(new byte[n]), 0, n)).isEqualTo(PayloadCodec.NO_TIMESTAMP);
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "1000"})
    void telemetryPayloadsOfAnySizeAreStrictJsonWithThatManyPoints(int points) throws Exception {
        TelemetryPayload payload = new TelemetryPayload(points);
        ByteBuf buf = Unpooled.wrappedBuffer(payload.bytes());
        payload.stamp(buf, 0, payload.bytes().length, 123_456_789L, 7, 99);
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(buf.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(doc.get("values").size()).isEqualTo(points);
        assertThat(payload.timestamp(buf, 0, payload.bytes().length)).isEqualTo(123_456_789L);
        assertThat(payload.seq(buf, 0, payload.bytes().length)).isEqualTo(points >= 3 ? 99 : -1);
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
