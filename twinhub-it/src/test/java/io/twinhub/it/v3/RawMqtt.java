package io.twinhub.it.v3;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written MQTT 3.1.1 client on a plain socket, for what the real client libraries do not
 * let a test do: odd CONNECTs, withheld acknowledgements, a connection that just goes silent or
 * vanishes, and a look at the exact header flags the broker sends.
 */
final class RawMqtt implements AutoCloseable {

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int UNSUBSCRIBE = 10;
    static final int UNSUBACK = 11;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawMqtt open(String host, int port) throws IOException {
        return new RawMqtt(new Socket(host, port));
    }

    /** One received control packet. */
    record Packet(int type, int flags, byte[] body) {

        boolean dup() { return (flags & 0x08) != 0; }
        int qos() { return (flags >> 1) & 0x03; }
        boolean retain() { return (flags & 0x01) != 0; }

        /** CONNACK: session present flag. */
        boolean sessionPresent() { return (body[0] & 0x01) != 0; }

        /** CONNACK: return code. */
        int returnCode() { return body[1] & 0xFF; }

        /** PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK: the packet id at the start of the body. */
        int ackId() { return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF); }

        /** SUBACK: the return codes after the packet id. */
        int[] grantedQos() {
            int[] codes = new int[body.length - 2];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = body[2 + i] & 0xFF;
            }
            return codes;
        }

        private int topicLength() { return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF); }

        String topic() { return new String(body, 2, topicLength(), StandardCharsets.UTF_8); }

        /** PUBLISH: packet id, 0 for QoS 0. */
        int packetId() {
            if (qos() == 0) {
                return 0;
            }
            int at = 2 + topicLength();
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        String payload() {
            int at = 2 + topicLength() + (qos() == 0 ? 0 : 2);
            return new String(body, at, body.length - at, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Packet[type=" + type + " flags=" + flags + " len=" + body.length + "]";
        }
    }

    // ---------------------------------------------------------------- I/O

    void send(byte[] packet) throws IOException {
        out.write(packet);
        out.flush();
    }

    /** The next packet, or an exception if none arrives in time or the server closed the connection. */
    Packet read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed by server");
        }
        int length = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** The next packet of the given type, skipping others (collected into {@code skipped} if not null). */
    Packet expect(int type, Duration timeout, List<Packet> skipped) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no packet of type " + type + " within " + timeout);
            }
            Packet p = read(Duration.ofNanos(left));
            if (p.type() == type) {
                return p;
            }
            if (skipped != null) {
                skipped.add(p);
            }
        }
    }

    Packet expect(int type, Duration timeout) throws IOException {
        return expect(type, timeout, null);
    }

    /**
     * Reads until the server closes the connection, returning how long that took; any packets
     * received meanwhile are collected. Fails if the connection is still open after {@code timeout}.
     */
    Duration awaitClosed(Duration timeout, List<Packet> received) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Packet> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw stillOpen(timeout, seen);
            }
            try {
                Packet p = read(Duration.ofNanos(left));
                seen.add(p);
                if (received != null) {
                    received.add(p);
                }
            } catch (EOFException | SocketException closed) {
                return Duration.ofNanos(System.nanoTime() - start);
            } catch (SocketTimeoutException timedOut) {
                throw stillOpen(timeout, seen);
            }
        }
    }

    private static AssertionError stillOpen(Duration timeout, List<Packet> seen) {
        StringBuilder b = new StringBuilder("connection still open after ").append(timeout).append("; received ");
        if (seen.isEmpty()) {
            b.append("nothing");
        }
        for (Packet p : seen) {
            b.append(describe(p)).append(' ');
        }
        return new AssertionError(b.toString().trim());
    }

    /** A short human-readable form of a packet for failure messages. */
    static String describe(Packet p) {
        return switch (p.type()) {
            case CONNACK -> "CONNACK(rc=" + p.returnCode() + ", sp=" + p.sessionPresent() + ")";
            case SUBACK -> "SUBACK(id=" + p.ackId() + ", codes=" + java.util.Arrays.toString(p.grantedQos()) + ")";
            case PUBLISH -> "PUBLISH(" + p.topic() + ", qos=" + p.qos() + ", dup=" + p.dup() + ", retain=" + p.retain() + ")";
            case PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK -> "type" + p.type() + "(id=" + p.ackId() + ")";
            default -> p.toString();
        };
    }

    Duration awaitClosed(Duration timeout) throws IOException {
        return awaitClosed(timeout, new ArrayList<>());
    }

    /** Closes the socket without DISCONNECT, resetting it (an abrupt network loss as the broker sees it). */
    void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---------------------------------------------------------------- a CONNECT/CONNACK exchange

    /** Sends CONNECT (MQTT 3.1.1, no will) and returns the CONNACK. */
    Packet connect(String clientId, boolean cleanSession, int keepAlive) throws IOException {
        send(connectPacket(4, clientId, cleanSession, keepAlive, null, null, 0, false));
        return expect(CONNACK, Duration.ofSeconds(5));
    }

    Packet subscribe(int packetId, String filter, int qos) throws IOException {
        send(subscribePacket(packetId, filter, qos));
        return expect(SUBACK, Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- encoding

    static byte[] connectPacket(int level, String clientId, boolean cleanSession, int keepAlive,
                                String willTopic, String willMessage, int willQos, boolean willRetain) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(level);
        int flags = cleanSession ? 0x02 : 0;
        if (willTopic != null) {
            flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
        }
        v.write(flags);
        v.write(keepAlive >> 8);
        v.write(keepAlive & 0xFF);
        writeString(v, clientId);
        if (willTopic != null) {
            writeString(v, willTopic);
            writeString(v, willMessage);
        }
        return packet(CONNECT << 4, v.toByteArray());
    }

    static byte[] publishPacket(String topic, int qos, boolean retain, boolean dup, int packetId, String payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, topic);
        if (qos > 0) {
            v.write(packetId >> 8);
            v.write(packetId & 0xFF);
        }
        v.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        int header = (PUBLISH << 4) | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0);
        return packet(header, v.toByteArray());
    }

    static byte[] subscribePacket(int packetId, String filter, int qos) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        writeString(v, filter);
        v.write(qos);
        return packet((SUBSCRIBE << 4) | 0x02, v.toByteArray());
    }

    /** SUBSCRIBE with several filters; {@code options[i]} is the whole requested-QoS byte. */
    static byte[] subscribePacket(int packetId, String[] filters, int[] options) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        for (int i = 0; i < filters.length; i++) {
            writeString(v, filters[i]);
            v.write(options[i]);
        }
        return packet((SUBSCRIBE << 4) | 0x02, v.toByteArray());
    }

    static byte[] unsubscribePacket(int packetId, String filter) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        writeString(v, filter);
        return packet((UNSUBSCRIBE << 4) | 0x02, v.toByteArray());
    }

    /** Any packet, from its first header byte and its body (the remaining length is computed). */
    static byte[] rawPacket(int firstByte, byte[] body) {
        return packet(firstByte, body);
    }

    static byte[] ackPacket(int type, int packetId) {
        int header = (type << 4) | (type == PUBREL ? 0x02 : 0);
        return packet(header, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    static byte[] pingreq() {
        return packet(PINGREQ << 4, new byte[0]);
    }

    static byte[] disconnect() {
        return packet(DISCONNECT << 4, new byte[0]);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            p.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        p.writeBytes(body);
        return p.toByteArray();
    }
}
