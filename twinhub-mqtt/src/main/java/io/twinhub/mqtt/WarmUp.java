package io.twinhub.mqtt;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One MQTT connect and disconnect against the node's own listener before it is announced.
 * The first connection of a fresh JVM loads and initialises the whole connect path (and the
 * allocator's flight-recorder events), which took over half a second here; a client with a short
 * CONNACK timeout should never pay for that.
 */
final class WarmUp {

    private static final int TIMEOUT_MILLIS = 5_000;
    // CONNECT: protocol "MQTT" level 4, clean session, keep-alive 10 s, client id "twinhub-warm-up".
    private static final byte[] CONNECT = {
        0x10, 27, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10, 0, 15,
        't', 'w', 'i', 'n', 'h', 'u', 'b', '-', 'w', 'a', 'r', 'm', '-', 'u', 'p'};
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0};

    private WarmUp() { }

    /** Returns true if the listener answered with CONNACK; failures only cost the warm-up. */
    static boolean run(InetSocketAddress listener) {
        InetAddress target = listener.getAddress().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress() : listener.getAddress();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target, listener.getPort()), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(CONNECT);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            boolean connAck = in.readUnsignedByte() == 0x20;
            out.write(DISCONNECT);
            out.flush();
            return connAck;
        } catch (IOException e) {
            return false;
        }
    }
}
