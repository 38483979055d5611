package io.twinhub.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input closes only the connection that sent it; everyone else carries on. */
class ProtocolViolationTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    @Test
    void garbageBytesCloseOnlyThatConnection() throws Exception {
        Mqtt5BlockingClient sub = client("victim-sub");
        Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(MqttGlobalPublishFilter.ALL);
        sub.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = client("victim-pub");

        try (RawMqtt bad = new RawMqtt(node.port())) {
            bad.send(new byte[] {(byte) 0xF0, 0x7F, 1, 2, 3});  // reserved packet type 15 before CONNECT
            assertThat(bad.closedByServer()).isTrue();
        }
        try (RawMqtt bad = new RawMqtt(node.port())) {
            bad.send(RawMqtt.connect(5, "bad-after-connect", 30));
            assertThat(bad.readPacket()[0]).isEqualTo((byte) 0x20);  // CONNACK
            bad.send(RawMqtt.publish(5, "t/+/wildcard-in-topic-name", new byte[] {1}));
            byte[] disconnect = bad.readPacket();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[1] & 0xFF).isEqualTo(0x90);  // Topic Name invalid
            assertThat(bad.closedByServer()).isTrue();
        }
        try (RawMqtt bad = new RawMqtt(node.port())) {
            bad.send(RawMqtt.connect(4, "bad-second-connect", 30));
            assertThat(bad.readPacket()[0]).isEqualTo((byte) 0x20);
            bad.send(RawMqtt.connect(4, "bad-second-connect", 30));
            assertThat(bad.closedByServer()).isTrue();
        }

        pub.publishWith().topic("t/ok").qos(MqttQos.AT_LEAST_ONCE).payload("still here".getBytes(StandardCharsets.UTF_8)).send();
        assertThat(inbox.receive(5, TimeUnit.SECONDS)).get()
                .satisfies(p -> assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("still here"));
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void packetAboveMaximumSizeIsRefusedWithReasonCode() throws Exception {
        try (RawMqtt big = new RawMqtt(node.port())) {
            big.send(RawMqtt.connect(5, "too-big", 30));
            assertThat(big.readPacket()[0]).isEqualTo((byte) 0x20);
            // Only the head of the packet: its length field alone must get it refused.
            big.send(java.util.Arrays.copyOf(RawMqtt.publish(5, "t/big", new byte[300 * 1024]), 64));
            byte[] disconnect = big.readPacket();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[1] & 0xFF).isEqualTo(0x95);  // Packet too large
        }
    }

    @Test
    void unsupportedProtocolLevelGetsConnackOneAndClose() throws Exception {
        try (RawMqtt old = new RawMqtt(node.port())) {
            old.send(RawMqtt.connect(7, "level-7", 30));
            byte[] connack = old.readPacket();
            assertThat(connack[0]).isEqualTo((byte) 0x20);
            assertThat(connack[connack.length - 1]).isEqualTo((byte) 0x01);
            assertThat(old.closedByServer()).isTrue();
        }
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(node.host()).serverPort(node.port()).buildBlocking();
        c.connect();
        return c;
    }
}
