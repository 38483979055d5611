package io.twinhub.it.v5;

import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A keep-alive imposed by the server is also enforced by it. */
class ServerKeepAliveTest {

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.serverKeepAliveSeconds = 1));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void silentClientIsDisconnectedWithKeepAliveTimeoutAfterTheServerKeepAlive() throws Exception {
        RawMqtt5 raw = clients.rawUnconnected();
        RawMqtt5.Packet ack = raw.sendConnect(new RawMqtt5.Connect("silent").keepAlive(0));
        assertThat(ack.connAckProperties().get(RawMqtt5.SERVER_KEEP_ALIVE)).containsExactly(1);

        long start = System.nanoTime();
        int reason = raw.awaitDisconnect(Duration.ofSeconds(5));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reason).isEqualTo(0x8D);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
    }

    @Test
    void pingingClientStaysConnected() throws Exception {
        RawMqtt5 raw = clients.raw(new RawMqtt5.Connect("pinger").keepAlive(0));
        for (int i = 0; i < 5; i++) {
            Thread.sleep(500);
            raw.send(new byte[] {(byte) 0xC0, 0});
            assertThat(raw.next(Duration.ofSeconds(2)).type()).isEqualTo(RawMqtt5.PINGRESP);
        }
    }
}
