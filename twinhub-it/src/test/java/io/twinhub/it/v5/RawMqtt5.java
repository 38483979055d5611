package io.twinhub.it.v5;

import io.twinhub.it.RunningNode;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately small MQTT 5 client over a plain socket, for what real client libraries refuse
 * to do: send malformed or forbidden packets, never acknowledge, or vanish without DISCONNECT.
 * It also reads packets exactly as the broker wrote them (topic aliases, subscription ids).
 */
final class RawMqtt5 implements AutoCloseable {

    // Packet types (upper nibble of the first byte).
    static final int CONNECT = 1, CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, PUBCOMP = 7,
            SUBSCRIBE = 8, SUBACK = 9, UNSUBSCRIBE = 10, UNSUBACK = 11, PINGREQ = 12, PINGRESP = 13, DISCONNECT = 14;

    /** Pseudo packet type returned when the broker closed the socket. */
    static final int CLOSED = -1;

    // Property identifiers (MQTT 5.0 §2.2.2.2).
    static final int PAYLOAD_FORMAT = 0x01, MESSAGE_EXPIRY = 0x02, CONTENT_TYPE = 0x03, RESPONSE_TOPIC = 0x08,
            CORRELATION_DATA = 0x09, SUBSCRIPTION_ID = 0x0B, SESSION_EXPIRY = 0x11, ASSIGNED_CLIENT_ID = 0x12,
            SERVER_KEEP_ALIVE = 0x13, WILL_DELAY = 0x18, REASON_STRING = 0x1F, RECEIVE_MAXIMUM = 0x21,
            TOPIC_ALIAS_MAXIMUM = 0x22, TOPIC_ALIAS = 0x23, USER_PROPERTY = 0x26, MAXIMUM_PACKET_SIZE = 0x27;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawMqtt5(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawMqtt5 open(RunningNode node) throws IOException {
        return new RawMqtt5(new Socket(node.host(), node.port()));
    }

    /** Opens a socket, sends CONNECT and requires a successful CONNACK. */
    static RawMqtt5 connect(RunningNode node, Connect connect) throws IOException {
        RawMqtt5 c = open(node);
        Packet ack = c.sendConnect(connect);
        if (ack.type() != CONNACK || ack.body()[1] != 0) {
            c.close();
            throw new AssertionError("CONNECT refused: " + ack);
        }
        return c;
    }

    static RawMqtt5 connect(RunningNode node, String clientId) throws IOException {
        return connect(node, new Connect(clientId));
    }

    /** Sends CONNECT and returns the broker's answer (CONNACK, or CLOSED). */
    Packet sendConnect(Connect c) throws IOException {
        send(c.encode());
        return next(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------ sending

    void send(byte[] packet) throws IOException {
        out.write(packet);
        out.flush();
    }

    void publish(String topic, int qos, int packetId, boolean retain, Props props, byte[] payload) throws IOException {
        send(publishPacket(topic, qos, packetId, retain, props, payload));
    }

    void subscribe(int packetId, Props props, String filter, int options) throws IOException {
        send(subscribePacket(packetId, props, new String[] {filter}, new int[] {options}));
    }

    void ack(int type, int packetId) throws IOException {
        int first = type == PUBREL ? 0x62 : type << 4;
        send(new byte[] {(byte) first, 2, (byte) (packetId >> 8), (byte) packetId});
    }

    void disconnect(int reason, Props props) throws IOException {
        Buf b = new Buf().u8(reason).raw(props.encoded());
        send(b.packet(0xE0));
    }

    /** Closes the socket without DISCONNECT, as a crashing client would. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ------------------------------------------------------------------ receiving

    /** The next packet, or empty if none arrives within the timeout; CLOSED when the broker closed the socket. */
    Optional<Packet> poll(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (SocketException e) {
            return Optional.of(Packet.closed());
        }
        if (first < 0) {
            return Optional.of(Packet.closed());
        }
        socket.setSoTimeout(5000);
        try {
            int length = readVarInt(in);
            byte[] body = new byte[length];
            in.readFully(body);
            return Optional.of(new Packet(first >> 4, first & 0x0F, body));
        } catch (EOFException | SocketException e) {
            return Optional.of(Packet.closed());
        }
    }

    Packet next(Duration timeout) throws IOException {
        return poll(timeout).orElseThrow(() -> new AssertionError("no packet within " + timeout));
    }

    /** Skips other packets until a packet of {@code type} arrives. */
    Packet expect(int type, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no packet of type " + type + " within " + timeout);
            }
            Packet p = next(Duration.ofNanos(left));
            if (p.type() == type) {
                return p;
            }
            if (p.type() == CLOSED) {
                throw new AssertionError("connection closed while waiting for packet type " + type);
            }
        }
    }

    /**
     * Skips other packets until the broker ends the connection: the DISCONNECT reason code, or
     * {@link #CLOSED} if the socket closed without a DISCONNECT.
     */
    int awaitDisconnect(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("connection still open after " + timeout);
            }
            Packet p = next(Duration.ofNanos(left));
            if (p.type() == DISCONNECT) {
                return p.body().length == 0 ? 0 : p.body()[0] & 0xFF;
            }
            if (p.type() == CLOSED) {
                return CLOSED;
            }
        }
    }

    // ------------------------------------------------------------------ packet builders

    static byte[] publishPacket(String topic, int qos, int packetId, boolean retain, Props props, byte[] payload) {
        Buf b = new Buf().str(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        b.raw(props.encoded()).raw(payload);
        return b.packet(0x30 | (qos << 1) | (retain ? 1 : 0));
    }

    static byte[] subscribePacket(int packetId, Props props, String[] filters, int[] options) {
        Buf b = new Buf().u16(packetId).raw(props.encoded());
        for (int i = 0; i < filters.length; i++) {
            b.str(filters[i]).u8(options[i]);
        }
        return b.packet(0x82);
    }

    // ------------------------------------------------------------------ CONNECT

    /** CONNECT contents; defaults: clean start, keep-alive 60 s, no properties, no will. */
    static final class Connect {
        final String clientId;
        boolean cleanStart = true;
        int keepAlive = 60;
        Props props = new Props();
        String willTopic;
        byte[] willPayload;
        int willQos;
        boolean willRetain;
        Props willProps = new Props();

        Connect(String clientId) {
            this.clientId = clientId;
        }

        Connect cleanStart(boolean v) { cleanStart = v; return this; }
        Connect keepAlive(int v) { keepAlive = v; return this; }
        Connect props(Props p) { props = p; return this; }

        Connect will(String topic, String payload, int qos, Props properties) {
            willTopic = topic;
            willPayload = payload.getBytes(StandardCharsets.UTF_8);
            willQos = qos;
            willProps = properties;
            return this;
        }

        byte[] encode() {
            int flags = (cleanStart ? 0x02 : 0);
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            Buf b = new Buf().str("MQTT").u8(5).u8(flags).u16(keepAlive).raw(props.encoded()).str(clientId);
            if (willTopic != null) {
                b.raw(willProps.encoded()).str(willTopic).bin(willPayload);
            }
            return b.packet(0x10);
        }
    }

    // ------------------------------------------------------------------ properties

    /** An MQTT 5 property list being written. */
    static final class Props {
        private final Buf b = new Buf();

        Props u8(int id, int v) { b.u8(id).u8(v); return this; }
        Props u16(int id, int v) { b.u8(id).u16(v); return this; }
        Props u32(int id, long v) { b.u8(id).u32(v); return this; }
        Props varInt(int id, int v) { b.u8(id).varInt(v); return this; }
        Props str(int id, String v) { b.u8(id).str(v); return this; }
        Props bin(int id, byte[] v) { b.u8(id).bin(v); return this; }
        Props user(String k, String v) { b.u8(USER_PROPERTY).str(k).str(v); return this; }

        /** Length-prefixed, as it goes on the wire. */
        byte[] encoded() {
            byte[] content = b.bytes();
            return new Buf().varInt(content.length).raw(content).bytes();
        }
    }

    // ------------------------------------------------------------------ received packets

    record Packet(int type, int flags, byte[] body) {

        static Packet closed() {
            return new Packet(CLOSED, 0, new byte[0]);
        }

        int qos() { return (flags >> 1) & 3; }
        boolean retain() { return (flags & 1) != 0; }
        boolean dup() { return (flags & 8) != 0; }

        /** Packet id of PUBACK/PUBREC/PUBREL/PUBCOMP/SUBACK/UNSUBACK. */
        int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** Reason code of PUBACK/PUBREC/PUBREL/PUBCOMP (absent means success). */
        int ackReason() {
            return body.length > 2 ? body[2] & 0xFF : 0;
        }

        /** CONNACK Session Present flag. */
        boolean sessionPresent() {
            return (body[0] & 1) != 0;
        }

        /** CONNACK reason code. */
        int connAckReason() {
            return body[1] & 0xFF;
        }

        /** CONNACK properties. */
        Map<Integer, List<Object>> connAckProperties() {
            return new Reader(body, 2).props();
        }

        /** SUBACK/UNSUBACK reason codes, one per filter. */
        List<Integer> reasonCodes() {
            Reader r = new Reader(body, 2);
            r.props();
            List<Integer> codes = new ArrayList<>();
            while (r.pos < body.length) {
                codes.add(r.u8());
            }
            return codes;
        }

        Publish asPublish() {
            if (type != PUBLISH) {
                throw new AssertionError("expected PUBLISH, got " + this);
            }
            Reader r = new Reader(body, 0);
            String topic = r.str();
            int packetId = qos() > 0 ? r.u16() : 0;
            Map<Integer, List<Object>> props = r.props();
            byte[] payload = java.util.Arrays.copyOfRange(body, r.pos, body.length);
            return new Publish(topic, qos(), retain(), packetId, props, payload);
        }

        @Override
        public String toString() {
            return "Packet[type=" + type + " flags=" + flags + " length=" + body.length + "]";
        }
    }

    record Publish(String topic, int qos, boolean retain, int packetId, Map<Integer, List<Object>> props, byte[] payload) {
        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        List<Object> prop(int id) {
            return props.getOrDefault(id, List.of());
        }
    }

    // ------------------------------------------------------------------ encoding / decoding

    private static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) { out.write(v); return this; }
        Buf u16(int v) { out.write(v >> 8); out.write(v); return this; }
        Buf u32(long v) { u16((int) (v >> 16) & 0xFFFF); return u16((int) v & 0xFFFF); }
        Buf raw(byte[] v) { out.writeBytes(v); return this; }
        Buf bin(byte[] v) { u16(v.length); return raw(v); }
        Buf str(String s) { return bin(s.getBytes(StandardCharsets.UTF_8)); }

        Buf varInt(int v) {
            do {
                int digit = v & 0x7F;
                v >>>= 7;
                out.write(v > 0 ? digit | 0x80 : digit);
            } while (v > 0);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        byte[] packet(int firstByte) {
            byte[] content = bytes();
            return new Buf().u8(firstByte).varInt(content.length).raw(content).bytes();
        }
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed variable byte integer");
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int u8() { return b[pos++] & 0xFF; }
        int u16() { return (u8() << 8) | u8(); }
        long u32() { return ((long) u16() << 16) | u16(); }

        int varInt() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                int d = u8();
                value |= (d & 0x7F) << shift;
                if ((d & 0x80) == 0) {
                    return value;
                }
            }
        }

        byte[] bin() {
            int n = u16();
            byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return v;
        }

        String str() {
            return new String(bin(), StandardCharsets.UTF_8);
        }

        Map<Integer, List<Object>> props() {
            if (pos >= b.length) {
                return Map.of();
            }
            int length = varInt();
            int end = pos + length;
            Map<Integer, List<Object>> props = new LinkedHashMap<>();
            while (pos < end) {
                int id = varInt();
                Object value = switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x13, 0x21, 0x22, 0x23 -> u16();
                    case 0x02, 0x11, 0x18, 0x27 -> u32();
                    case 0x0B -> varInt();
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> str();
                    case 0x09, 0x16 -> bin();
                    case 0x26 -> Map.entry(str(), str());
                    default -> throw new AssertionError("unknown property id " + id);
                };
                props.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            }
            return props;
        }
    }
}
