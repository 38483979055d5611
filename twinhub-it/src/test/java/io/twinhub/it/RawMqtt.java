package io.twinhub.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately minimal MQTT client on a plain socket, for what real clients refuse to send:
 * malformed packets, protocol violations, abrupt closes. Packets are built byte by byte.
 */
public final class RawMqtt implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    public RawMqtt(int port) throws IOException {
        this(port, null);
    }

    /** @param localAddress the loopback address to connect from (e.g. {@code 127.0.0.2}), or null for any */
    public RawMqtt(int port, InetAddress localAddress) throws IOException {
        socket = localAddress == null ? new Socket("127.0.0.1", port)
                : new Socket(InetAddress.getByName("127.0.0.1"), port, localAddress, 0);
        socket.setSoTimeout(5000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** CONNECT with protocol level 4 (3.1.1) or 5, clean start, no will, no credentials. */
    public static byte[] connect(int level, String clientId, int keepAlive) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(level);
        body.write(0x02);
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xFF);
        if (level == 5) {
            body.write(0);  // no properties
        }
        writeString(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    /** CONNECT with clean start, no will, with a user name and password (either may be null: left out). */
    public static byte[] connect(int level, String clientId, int keepAlive, String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(level);
        body.write(0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0));
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xFF);
        if (level == 5) {
            body.write(0);  // no properties
        }
        writeString(body, clientId);
        if (username != null) {
            writeString(body, username);
        }
        if (password != null) {
            writeString(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    public static final byte[] PINGREQ = {(byte) 0xC0, 0};

    /** The return code (3.1.1) or reason code (5.0) of a CONNACK read with {@link #readPacket}. */
    public static int connAckCode(byte[] packet) {
        if ((packet[0] & 0xFF) != 0x20 || packet.length < 3) {
            throw new AssertionError("not a CONNACK: first byte " + (packet[0] & 0xFF));
        }
        return packet[2] & 0xFF;
    }

    /** QoS 0 PUBLISH. */
    public static byte[] publish(int level, String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (level == 5) {
            body.write(0);
        }
        body.writeBytes(payload);
        return packet(0x30, body.toByteArray());
    }

    public static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(firstByte);
        int len = body.length;
        do {
            int b = len % 128;
            len /= 128;
            p.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        p.writeBytes(body);
        return p.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one packet: its first byte followed by its body. */
    public byte[] readPacket() throws IOException {
        int first = in.readUnsignedByte();
        int len = 0;
        int mult = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            len += (b & 0x7F) * mult;
            mult *= 128;
        } while ((b & 0x80) != 0);
        byte[] packet = new byte[len + 1];
        packet[0] = (byte) first;
        in.readFully(packet, 1, len);
        return packet;
    }

    /** True once the server has closed the connection (reads to end of stream, skipping packets). */
    public boolean closedByServer() {
        try {
            InputStream raw = socket.getInputStream();
            while (raw.read() >= 0) {
                // drain whatever the server sent before closing
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
