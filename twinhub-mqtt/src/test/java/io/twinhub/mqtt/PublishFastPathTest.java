package io.twinhub.mqtt;

import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.auth.Authenticators;
import io.twinhub.core.store.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUBLISH packets that repeat the connection's last topic are decoded by {@link PublishFastPath},
 * all others by netty's decoder: over real sockets, mixed in one write and split across writes,
 * every message arrives once, in order, with its topic and payload, and malformed or oversized
 * packets still end the connection.
 */
class PublishFastPathTest {

    private MqttServer server;
    private Socket subscriber;
    private DataInputStream deliveries;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer(new Broker(BrokerLimits.defaults(), new MemoryStore()),
                new MqttServerSettings("127.0.0.1", 0, "auto", 1, 10),
                new ListenerSecurity(Authenticators.anonymous(), 0));
        server.open();
        server.listen();
        subscriber = connect(4, "s");
        subscriber.getOutputStream().write(new byte[] {(byte) 0x82, 8, 0, 1, 0, 3, 'a', '/', '#', 0});
        deliveries = new DataInputStream(subscriber.getInputStream());
        assertThat(deliveries.readNBytes(5)).as("SUBACK").containsExactly(0x90, 3, 0, 1, 0);
    }

    @AfterEach
    void stop() throws IOException {
        subscriber.close();
        server.close();
    }

    @Test
    void repeatedAndChangingTopicsArriveInOrderWhetherPacketsShareAWriteOrAreSplit() throws Exception {
        try (Socket p = connect(4, "p")) {
            OutputStream out = p.getOutputStream();
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.writeBytes(publish311(1, 1, "a/b", "1"));
            burst.writeBytes(publish311(1, 2, "a/b", "2"));
            burst.writeBytes(publish311(0, 0, "a/b", "3"));
            burst.writeBytes(publish311(1, 3, "a/c", "4"));
            burst.writeBytes(publish311(1, 4, "a/c", "5"));
            out.write(burst.toByteArray());
            byte[] split = publish311(1, 5, "a/b", "6");
            out.write(split, 0, 3);
            out.flush();
            Thread.sleep(100);
            out.write(split, 3, split.length - 3);
            byte[] dupRetain = publish311(1, 6, "a/b", "7");
            dupRetain[0] |= 0x09;
            out.write(dupRetain);

            DataInputStream acks = new DataInputStream(p.getInputStream());
            for (int id = 1; id <= 6; id++) {
                assertThat(acks.readNBytes(4)).as("PUBACK " + id).containsExactly(0x40, 2, 0, id);
            }
        }
        assertThat(received(7)).containsExactly("a/b 1", "a/b 2", "a/b 3", "a/c 4", "a/c 5", "a/b 6", "a/b 7");
    }

    @Test
    void mqtt5PublishesWithPropertiesGoThroughTheGeneralDecoderInOrder() throws Exception {
        try (Socket p = connect(5, "p5")) {
            OutputStream out = p.getOutputStream();
            out.write(publish5(1, "a/b", new byte[0], "1"));
            out.write(publish5(2, "a/b", new byte[0], "2"));
            // a content type: only the general decoder reads properties
            out.write(publish5(3, "a/b", new byte[] {0x03, 0, 1, 't'}, "3"));
            out.write(publish5(4, "a/b", new byte[0], "4"));
            DataInputStream acks = new DataInputStream(p.getInputStream());
            for (int id = 1; id <= 4; id++) {
                byte[] ack = readPacket(acks);
                assertThat(ack[0] & 0xFF).isEqualTo(0x40);
                assertThat(((ack[2] & 0xFF) << 8) | (ack[3] & 0xFF)).isEqualTo(id);
            }
        }
        assertThat(received(4)).containsExactly("a/b 1", "a/b 2", "a/b 3", "a/b 4");
    }

    @Test
    void anInvalidQosAfterRepeatedTopicsStillEndsTheConnection() throws Exception {
        byte[] invalid = publish311(1, 3, "a/b", "x");
        invalid[0] = 0x36; // QoS 3
        assertConnectionEndsAfterTwoGoodPublishes(invalid);
    }

    @Test
    void aZeroPacketIdAfterRepeatedTopicsStillEndsTheConnection() throws Exception {
        assertConnectionEndsAfterTwoGoodPublishes(publish311(1, 0, "a/b", "x"));
    }

    @Test
    void aPacketOverTheSizeLimitAfterRepeatedTopicsStillEndsTheConnection() throws Exception {
        int tooLong = BrokerLimits.defaults().maxPacketSize() + 1;
        byte[] header = {0x32, (byte) (0x80 | tooLong & 0x7F), (byte) (0x80 | (tooLong >> 7) & 0x7F),
                (byte) (0x80 | (tooLong >> 14) & 0x7F), (byte) (tooLong >> 21)};
        assertConnectionEndsAfterTwoGoodPublishes(header);
    }

    private void assertConnectionEndsAfterTwoGoodPublishes(byte[] bad) throws Exception {
        try (Socket p = connect(4, "p")) {
            OutputStream out = p.getOutputStream();
            out.write(publish311(1, 1, "a/b", "1"));
            out.write(publish311(1, 2, "a/b", "2"));
            out.write(bad);
            DataInputStream in = new DataInputStream(p.getInputStream());
            assertThat(in.readNBytes(8)).containsExactly(0x40, 2, 0, 1, 0x40, 2, 0, 2);
            assertThat(in.read()).as("closed by the server").isEqualTo(-1);
        }
        assertThat(received(2)).containsExactly("a/b 1", "a/b 2");
    }

    /** The next {@code n} QoS 0 deliveries to the subscriber as "topic payload", then checks that no more come. */
    private List<String> received(int n) throws IOException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] packet = readPacket(deliveries);
            int topicLength = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
            int body = 2;
            String topic = new String(packet, body + 2, topicLength, StandardCharsets.UTF_8);
            String payload = new String(packet, body + 2 + topicLength, packet.length - body - 2 - topicLength,
                    StandardCharsets.UTF_8);
            got.add(topic + " " + payload);
        }
        subscriber.setSoTimeout(300);
        try {
            int more = deliveries.read();
            got.add("unexpected byte " + more);
        } catch (SocketTimeoutException expected) {
            // nothing else was delivered
        }
        return got;
    }

    /** One packet with a single-byte remaining length, header included. */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        byte[] packet = new byte[2 + length];
        packet[0] = (byte) first;
        packet[1] = (byte) length;
        in.readFully(packet, 2, length);
        return packet;
    }

    private Socket connect(int version, String clientId) throws IOException {
        Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
        s.setSoTimeout(5_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) version, 2, 0, 30});
        if (version == 5) {
            body.write(0); // no properties
        }
        body.writeBytes(string(clientId));
        s.getOutputStream().write(packet(0x10, body.toByteArray()));
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] connAck = readPacket(in);
        assertThat(connAck[0] & 0xFF).isEqualTo(0x20);
        assertThat(connAck[3]).as("CONNACK code").isEqualTo((byte) 0);
        return s;
    }

    private static byte[] publish311(int qos, int packetId, String topic, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string(topic));
        if (qos > 0) {
            body.writeBytes(new byte[] {(byte) (packetId >> 8), (byte) packetId});
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | qos << 1, body.toByteArray());
    }

    private static byte[] publish5(int packetId, String topic, byte[] properties, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string(topic));
        body.writeBytes(new byte[] {(byte) (packetId >> 8), (byte) packetId, (byte) properties.length});
        body.writeBytes(properties);
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x32, body.toByteArray());
    }

    private static byte[] string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + utf8.length];
        out[0] = (byte) (utf8.length >> 8);
        out[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, out, 2, utf8.length);
        return out;
    }

    /** A packet with a single-byte remaining length (bodies here are short). */
    private static byte[] packet(int first, byte[] body) {
        byte[] p = new byte[2 + body.length];
        p[0] = (byte) first;
        p[1] = (byte) body.length;
        System.arraycopy(body, 0, p, 2, body.length);
        return p;
    }
}
