package io.twinhub.mqtt;

import io.netty.channel.epoll.Epoll;
import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.store.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle deadlines on a real socket: the CONNECT timeout and 1.5 × the keep-alive. */
class IdleDeadlineTest {

    private MqttServer server = serverOn("nio");

    @AfterEach
    void close() {
        server.close();
    }

    private static MqttServer serverOn(String transport) {
        return new MqttServer(new Broker(BrokerLimits.defaults(), new MemoryStore()),
                new MqttServerSettings("127.0.0.1", 0, transport, 1, 1));
    }

    @Test
    void aSocketThatNeverSendsConnectIsClosedAfterTheConnectTimeout() throws Exception {
        server.open();
        server.listen();
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            long closedAfter = millisUntilClosed(s);
            assertThat(closedAfter).isBetween(1_000L, 2_500L);
        }
    }

    @Test
    @EnabledIf("epollAvailable")
    void withDeferredAcceptASilentSocketIsStillClosedOnceTheKernelHandsItOver() throws Exception {
        server.close();
        server = serverOn("epoll");
        server.open();
        server.listen();
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            long closedAfter = millisUntilClosed(s);
            // The kernel holds it for the deferral, then the node's CONNECT timeout runs.
            assertThat(closedAfter).isBetween(MqttServer.DEFER_ACCEPT_SECONDS * 1_000L + 1_000L, 5_000L);
        }
    }

    static boolean epollAvailable() {
        return Epoll.isAvailable();
    }

    @Test
    void aConnectionIsClosedOneAndAHalfKeepAlivesAfterItsLastPacket() throws Exception {
        server.open();
        server.listen();
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            // CONNECT, MQTT 3.1.1, clean session, keep-alive 2 s, client id "k"
            out.write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 2, 0, 1, 'k'});
            InputStream in = s.getInputStream();
            s.setSoTimeout(5_000);
            assertThat(in.readNBytes(4)).containsExactly(0x20, 2, 0, 0);
            for (int i = 0; i < 3; i++) { // pinging for longer than the connect timeout and 1.5 × keep-alive
                Thread.sleep(1_000);
                out.write(new byte[] {(byte) 0xC0, 0});
                assertThat(in.readNBytes(2)).containsExactly(0xD0, 0);
            }
            long closedAfter = millisUntilClosed(s);
            assertThat(closedAfter).isBetween(3_000L, 4_000L);
        }
    }

    /** Reads until the server closes the socket; the time that took. */
    private static long millisUntilClosed(Socket s) throws Exception {
        long start = System.nanoTime();
        s.setSoTimeout(10_000);
        try {
            while (s.getInputStream().read() >= 0) {
                // nothing is expected, but whatever comes is not the end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within 10 s", e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
