package io.twinhub.bench.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow requests are built byte by byte, so they must be strict JSON in well-formed PUBLISH
 * packets; the in-place readers must find the answer fields wherever the hub puts them.
 */
class ShadowRequestsTest {

    // Strict by default: leading zeros, NaN, trailing commas… all refused, as a JSON parser in the hub would.
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static JsonNode parse(byte[] b, int length) throws Exception {
        return JSON.readTree(Arrays.copyOf(b, length));
    }

    @Test
    void reportedUpdatesAreStrictJsonWithTokenSetpointAndVersion() throws Exception {
        byte[] b = new byte[ShadowJson.MAX_REQUEST];
        for (long seq : new long[] {0, 1, 9, 10, 12_345, Long.MAX_VALUE / 2}) {
            JsonNode n = parse(b, ShadowJson.reported(b, seq, ShadowJson.MISSING, ShadowJson.MISSING));
            assertThat(n.at("/state/reported/seq").asLong()).isEqualTo(seq);
            assertThat(n.at("/state/reported/temp").isNumber()).isTrue();
            assertThat(n.at("/state/reported/temp").asDouble()).isBetween(18.0, 27.0);
            assertThat(n.at("/state/reported/hum").asInt()).isBetween(35, 64);
            assertThat(n.at("/state/reported").has("setpoint")).isFalse();
            assertThat(n.get("clientToken").asText()).isEqualTo("d" + seq);
            assertThat(n.has("version")).isFalse();
        }
        JsonNode n = parse(b, ShadowJson.reported(b, 7, 250, 42));
        assertThat(n.at("/state/reported/setpoint").asLong()).isEqualTo(250);
        assertThat(n.get("version").asLong()).isEqualTo(42);
        int longest = ShadowJson.reported(b, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(longest).isLessThanOrEqualTo(ShadowJson.MAX_REQUEST);
    }

    @Test
    void desiredUpdatesCarryTheApplicationAndSendTimeInTheToken() throws Exception {
        byte[] b = new byte[ShadowJson.MAX_REQUEST];
        long sent = ShadowJson.EPOCH + 1_234_567;
        JsonNode n = parse(b, ShadowJson.desired(b, 17, 3, sent));
        assertThat(n.at("/state/desired/setpoint").asLong()).isEqualTo(17);
        assertThat(n.get("clientToken").asText()).isEqualTo("a3.1234567");
        assertThat(n.get("clientToken").asText().length()).isLessThanOrEqualTo(64);
    }

    @Test
    void answerFieldsAreFoundWithAnyLayout() {
        ByteBuf accepted = buf("{\"state\":{\"reported\":{\"temp\":21.5,\"seq\":5}},\"metadata\":{\"reported\":"
                + "{\"temp\":{\"timestamp\":1700000000}}},\"version\":12,\"timestamp\":1700000000,\"clientToken\":\"d5\"}");
        int end = accepted.writerIndex();
        int token = ShadowJson.tokenStart(accepted, 0, end);
        assertThat(accepted.getByte(token)).isEqualTo(ShadowJson.DEVICE_TOKEN);
        assertThat(ShadowJson.digits(accepted, token + 1, end)).isEqualTo(5);
        assertThat(ShadowJson.version(accepted, 0, end)).isEqualTo(12);
        assertThat(ShadowJson.code(accepted, 0, end)).isEqualTo(ShadowJson.MISSING);

        ByteBuf rejected = buf("{ \"clientToken\" : \"a2.99\", \"code\" : 409, \"message\" : \"version \\\"code\\\" conflict\","
                + " \"timestamp\" : 1700000000 }");
        end = rejected.writerIndex();
        token = ShadowJson.tokenStart(rejected, 0, end);
        assertThat(rejected.getByte(token)).isEqualTo(ShadowJson.APPLICATION_TOKEN);
        assertThat(ShadowJson.digits(rejected, token + 1, end)).isEqualTo(2);
        int dot = ShadowJson.skipDigits(rejected, token + 1, end);
        assertThat(ShadowJson.digits(rejected, dot + 1, end)).isEqualTo(99);
        assertThat(ShadowJson.code(rejected, 0, end)).isEqualTo(409);

        // The metadata entry (an object) may come before the value: it is skipped.
        ByteBuf delta = buf("{\"metadata\":{\"setpoint\":{\"timestamp\":1}},\"state\":{\"setpoint\":31},\"version\":3}");
        assertThat(ShadowJson.setpoint(delta, 0, delta.writerIndex())).isEqualTo(31);
        assertThat(ShadowJson.tokenStart(delta, 0, delta.writerIndex())).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"MQTT_3_1_1,0", "MQTT_3_1_1,1", "MQTT_5,0", "MQTT_5,1"})
    void updateRequestsAndSubscriptionsDecode(MqttVersion version, int qos) {
        try (PacketEncoder enc = new PacketEncoder(version)) {
            ShadowTopics topics = new ShadowTopics(ShadowTopics.Prefix.AWS, "tbab12d00000007");
            ByteBuf buf = Unpooled.buffer();
            new ConnectTemplate(enc, 15, 30, null, null).writeTo(buf, "tbab12d00000007");
            buf.writeBytes(topics.subscribe(enc, qos, true));
            byte[] big = new byte[300]; // a remaining length that needs two bytes
            Arrays.fill(big, (byte) ' ');
            byte[] small = new byte[ShadowJson.MAX_REQUEST];
            int smallLength = ShadowJson.reported(small, 3, ShadowJson.MISSING, ShadowJson.MISSING);
            topics.writeUpdate(buf, qos, 77, version == MqttVersion.MQTT_5, small, smallLength);
            topics.writeUpdate(buf, qos, 78, version == MqttVersion.MQTT_5, big, big.length);

            EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder());
            ch.writeInbound(buf);
            MqttConnectMessage c = ch.readInbound();
            assertThat(c.payload().clientIdentifier()).isEqualTo("tbab12d00000007");
            MqttSubscribeMessage s = ch.readInbound();
            assertThat(s.payload().topicSubscriptions()).extracting(MqttTopicSubscription::topicName).containsExactly(
                    "$aws/things/tbab12d00000007/shadow/update/accepted",
                    "$aws/things/tbab12d00000007/shadow/update/rejected",
                    "$aws/things/tbab12d00000007/shadow/update/delta");
            int[] lengths = {smallLength, big.length};
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage p = ch.readInbound();
                assertThat(p.decoderResult().isSuccess()).isTrue();
                assertThat(p.variableHeader().topicName()).isEqualTo("$aws/things/tbab12d00000007/shadow/update");
                assertThat(p.fixedHeader().qosLevel().value()).isEqualTo(qos);
                if (qos > 0) {
                    assertThat(p.variableHeader().packetId()).isEqualTo(77 + i);
                }
                assertThat(p.payload().readableBytes()).isEqualTo(lengths[i]);
                if (i == 0) {
                    assertThat(p.payload().toString(StandardCharsets.US_ASCII))
                            .isEqualTo(new String(small, 0, smallLength, StandardCharsets.US_ASCII));
                }
                p.release();
            }
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void answersAreToldApartByTopic() {
        for (String[] c : new String[][] {{"$twin/things/x/shadow/update/accepted", "ACCEPTED"},
                {"$aws/things/x/shadow/update/rejected", "REJECTED"}, {"$twin/things/x/shadow/update/delta", "DELTA"},
                {"$twin/things/x/shadow/update/documents", "OTHER"}, {"a", "OTHER"}}) {
            ByteBuf b = buf(c[0]);
            assertThat(ShadowTopics.answerOf(b, 0, b.writerIndex()).name()).isEqualTo(c[1]);
        }
    }

    private static ByteBuf buf(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }
}
