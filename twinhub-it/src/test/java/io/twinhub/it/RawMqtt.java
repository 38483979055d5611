package io.twinhub.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        socket = new Socket("127.0.0.1", port);
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
