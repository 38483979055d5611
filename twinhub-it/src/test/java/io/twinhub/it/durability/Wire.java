package io.twinhub.it.durability;

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
import java.util.List;
import java.util.Optional;

/**
 * A small MQTT 3.1.1 / 5.0 client on a plain socket, for what the client libraries hide: packet
 * ids, the DUP flag, withheld acknowledgements, and exact control over the QoS 2 exchange when
 * a broker dies mid-flight. Sending is thread-safe; reading belongs to one thread.
 */
final class Wire implements AutoCloseable {

    static final int CONNECT = 1, CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, PUBCOMP = 7,
            SUBSCRIBE = 8, SUBACK = 9, PINGREQ = 12, PINGRESP = 13, DISCONNECT = 14;

    static final Duration WAIT = Duration.ofSeconds(5);

    private final int level;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private WirePacket connack;

    private Wire(Socket socket, int level) throws IOException {
        this.level = level;
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a socket and connects; fails the test unless the broker accepts. */
    static Wire connect(int port, Connect connect) throws IOException {
        Wire w = new Wire(new Socket("127.0.0.1", port), connect.level);
        WirePacket ack = w.sendConnect(connect);
        if (ack.type() != CONNACK || ack.connectCode() != 0) {
            w.close();
            throw new AssertionError("CONNECT of " + connect.clientId + " refused: " + ack);
        }
        w.connack = ack;
        return w;
    }

    /** The CONNACK that {@link #connect} received. */
    WirePacket connack() {
        return connack;
    }

    int level() {
        return level;
    }

    WirePacket sendConnect(Connect c) throws IOException {
        send(c.encode());
        return next(WAIT);
    }

    // ---------------------------------------------------------------- sending

    void send(byte[] packet) throws IOException {
        synchronized (out) {
            out.write(packet);
            out.flush();
        }
    }

    void publish(String topic, int qos, boolean dup, boolean retain, int packetId, String payload) throws IOException {
        Buf b = new Buf().str(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (level == 5) {
            b.u8(0);
        }
        b.raw(payload.getBytes(StandardCharsets.UTF_8));
        send(b.packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0)));
    }

    void subscribe(int packetId, String filter, int qos) throws IOException {
        subscribe(packetId, List.of(filter), qos);
    }

    /** One SUBSCRIBE with every filter at the same QoS. */
    void subscribe(int packetId, List<String> filters, int qos) throws IOException {
        Buf b = new Buf().u16(packetId);
        if (level == 5) {
            b.u8(0);
        }
        for (String f : filters) {
            b.str(f).u8(qos);
        }
        send(b.packet(0x82));
    }

    /** Subscribes and waits for the SUBACK; fails the test unless {@code qos} is granted. */
    void subscribeAndAwait(int packetId, String filter, int qos) throws IOException {
        subscribe(packetId, filter, qos);
        WirePacket suback = expect(SUBACK, WAIT, null);
        if (suback.grantedQos()[0] != qos) {
            throw new AssertionError("SUBACK for " + filter + " granted " + suback.grantedQos()[0]);
        }
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with success. */
    void ack(int type, int packetId) throws IOException {
        int first = (type << 4) | (type == PUBREL ? 0x02 : 0);
        send(new byte[] {(byte) first, 2, (byte) (packetId >> 8), (byte) packetId});
    }

    void pingreq() throws IOException {
        send(new byte[] {(byte) 0xC0, 0});
    }

    void disconnect() throws IOException {
        send(level == 5 ? new byte[] {(byte) 0xE0, 1, 0} : new byte[] {(byte) 0xE0, 0});
    }

    /** Closes without DISCONNECT, with a reset, as a crashing client would. */
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

    // ---------------------------------------------------------------- receiving

    /** The next packet, empty after {@code timeout}, or a {@link WirePacket#CLOSED} one. */
    Optional<WirePacket> poll(Duration timeout) throws IOException {
        int first;
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            first = in.read();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (SocketException e) {
            return Optional.of(WirePacket.closed(level));
        }
        if (first < 0) {
            return Optional.of(WirePacket.closed(level));
        }
        try {
            socket.setSoTimeout((int) WAIT.toMillis());
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
            return Optional.of(new WirePacket(first >> 4, first & 0x0F, body, level));
        } catch (EOFException | SocketException e) {
            return Optional.of(WirePacket.closed(level));
        }
    }

    WirePacket next(Duration timeout) throws IOException {
        return poll(timeout).orElseThrow(() -> new AssertionError("no packet within " + timeout));
    }

    /** Skips other packets (collected into {@code skipped} unless null) until one of {@code type}. */
    WirePacket expect(int type, Duration timeout, List<WirePacket> skipped) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no packet of type " + type + " within " + timeout + "; skipped " + skipped);
            }
            WirePacket p = next(Duration.ofNanos(left));
            if (p.type() == type) {
                return p;
            }
            if (p.isClosed()) {
                throw new AssertionError("connection closed while waiting for packet type " + type);
            }
            if (skipped != null) {
                skipped.add(p);
            }
        }
    }

    // ---------------------------------------------------------------- CONNECT

    /** CONNECT contents. Defaults: clean, keep-alive 60 s, no session expiry, no will. */
    static final class Connect {
        final int level;
        final String clientId;
        boolean clean = true;
        int keepAlive = 60;
        long sessionExpiry = -1;
        String willTopic;
        String willPayload;
        int willQos;
        boolean willRetain;
        long willDelay = -1;

        Connect(int level, String clientId) {
            this.level = level;
            this.clientId = clientId;
        }

        /** A session that outlives the connection: clean session 0 (3.1.1), or Clean Start 0 with an expiry (5.0). */
        static Connect persistent(int level, String clientId, long expirySeconds) {
            Connect c = new Connect(level, clientId);
            c.clean = false;
            if (level == 5) {
                c.sessionExpiry = expirySeconds;
            }
            return c;
        }

        Connect will(String topic, String payload, int qos, boolean retain) {
            willTopic = topic;
            willPayload = payload;
            willQos = qos;
            willRetain = retain;
            return this;
        }

        Connect willDelay(long seconds) {
            willDelay = seconds;
            return this;
        }

        byte[] encode() {
            int flags = clean ? 0x02 : 0;
            if (willTopic != null) {
                flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
            }
            Buf b = new Buf().str("MQTT").u8(level).u8(flags).u16(keepAlive);
            if (level == 5) {
                Buf props = new Buf();
                if (sessionExpiry >= 0) {
                    props.u8(0x11).u32(sessionExpiry);
                }
                b.varInt(props.size()).raw(props.bytes());
            }
            b.str(clientId);
            if (willTopic != null) {
                if (level == 5) {
                    Buf willProps = new Buf();
                    if (willDelay >= 0) {
                        willProps.u8(0x18).u32(willDelay);
                    }
                    b.varInt(willProps.size()).raw(willProps.bytes());
                }
                byte[] payload = willPayload.getBytes(StandardCharsets.UTF_8);
                b.str(willTopic).u16(payload.length).raw(payload);
            }
            return b.packet(0x10);
        }
    }

    /** Byte builder for packet bodies. */
    static final class Buf {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Buf u8(int v) { bytes.write(v); return this; }

        Buf u16(int v) { bytes.write(v >> 8); bytes.write(v & 0xFF); return this; }

        Buf u32(long v) { u16((int) (v >> 16) & 0xFFFF); return u16((int) v & 0xFFFF); }

        Buf str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u16(b.length).raw(b);
        }

        Buf raw(byte[] b) { bytes.writeBytes(b); return this; }

        Buf varInt(int v) {
            do {
                int digit = v % 128;
                v /= 128;
                bytes.write(v > 0 ? digit | 0x80 : digit);
            } while (v > 0);
            return this;
        }

        int size() { return bytes.size(); }

        byte[] bytes() { return bytes.toByteArray(); }

        byte[] packet(int firstByte) {
            byte[] body = bytes();
            return new Buf().u8(firstByte).varInt(body.length).raw(body).bytes();
        }
    }
}
