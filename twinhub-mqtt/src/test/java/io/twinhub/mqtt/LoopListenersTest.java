package io.twinhub.mqtt;

import io.netty.channel.epoll.Epoll;
import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.auth.Authenticators;
import io.twinhub.core.store.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With a native transport every event loop listens on the port with a socket of its own; the
 * kernel spreads connections over them. Every socket must accept (a connection hashed to one
 * that does not would never get its CONNACK), a second node on the same port must still be told
 * the address is in use, and a closed node must free the port.
 */
class LoopListenersTest {

    private final List<MqttServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MqttServer::close);
    }

    @Test
    void everyLoopListensAndEveryConnectionIsAnswered() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll");
        MqttServer server = start("epoll", 0, 2);
        assertThat(server.listeningSockets()).isEqualTo(2);
        // Source ports differ per connection, so the kernel's hash sends them to both sockets.
        for (int i = 0; i < 64; i++) {
            try (Socket s = connect(server, "c" + i)) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aSecondNodeOnTheSamePortIsRefusedAndTheFirstKeepsServing() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll");
        MqttServer first = start("epoll", 0, 2);
        int port = first.localAddress().getPort();

        assertThatThrownBy(() -> start("epoll", port, 2)).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> start("nio", port, 1)).isInstanceOf(BindException.class);
        for (int i = 0; i < 16; i++) {
            connect(first, "still-" + i).close();
        }

        first.close();
        servers.remove(first);
        MqttServer again = start("epoll", port, 2);
        connect(again, "after-restart").close();
    }

    @Test
    void nioListensWithOneSocket() throws Exception {
        MqttServer server = start("nio", 0, 2);
        assertThat(server.listeningSockets()).isEqualTo(1);
        connect(server, "nio").close();
    }

    private MqttServer start(String transport, int port, int threads) throws Exception {
        MqttServer server = new MqttServer(new Broker(BrokerLimits.defaults(), new MemoryStore()),
                new MqttServerSettings("127.0.0.1", port, transport, threads, 10),
                new ListenerSecurity(Authenticators.anonymous(), 0));
        server.open();
        try {
            server.listen();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        servers.add(server);
        return server;
    }

    /** MQTT 3.1.1 CONNECT with a clean session; returns the socket once CONNACK 0 arrived. */
    private static Socket connect(MqttServer server, String clientId) throws IOException {
        Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
        s.setSoTimeout(5_000);
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] connect = new byte[12 + 2 + id.length];
        byte[] head = {0x10, (byte) (connect.length - 2), 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30, 0, (byte) id.length};
        System.arraycopy(head, 0, connect, 0, head.length);
        System.arraycopy(id, 0, connect, head.length, id.length);
        s.getOutputStream().write(connect);
        byte[] connAck = new DataInputStream(s.getInputStream()).readNBytes(4);
        assertThat(connAck).as("CONNACK for " + clientId).containsExactly(0x20, 2, 0, 0);
        return s;
    }
}
