package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the broker accepts in CONNECT, what it refuses (and how), and keep-alive enforcement. */
class ConnectValidationTest {

    private static final int CONNACK_ACCEPTED = 0;
    private static final int CONNACK_UNACCEPTABLE_PROTOCOL_VERSION = 1;
    private static final int CONNACK_IDENTIFIER_REJECTED = 2;

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);

    // ---------------------------------------------------------------- client identifier

    @Test
    void emptyClientIdWithPersistentSessionIsRejectedAndClosed() throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "", false, 30, null, null, 0, false));

        RawMqtt.Packet connack = raw.expect(RawMqtt.CONNACK, RECEIVE);
        assertThat(connack.returnCode()).isEqualTo(CONNACK_IDENTIFIER_REJECTED);
        assertThat(connack.sessionPresent()).isFalse();
        raw.awaitClosed(RECEIVE);
    }

    @Test
    void hiveMqClientWithoutIdentifierAndPersistentSessionIsRefused() {
        Mqtt3BlockingClient c = clients.hive("");

        assertThatThrownBy(() -> c.connectWith().cleanSession(false).send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED));
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedAndWorks() throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "", true, 30, null, null, 0, false));
        RawMqtt.Packet connack = raw.expect(RawMqtt.CONNACK, RECEIVE);
        assertThat(connack.returnCode()).isEqualTo(CONNACK_ACCEPTED);
        assertThat(connack.sessionPresent()).isFalse();
        assertThat(raw.subscribe(1, "anon", 1).grantedQos()).containsExactly(1);

        Mqtt3BlockingClient pub = clients.hiveConnected("pub");
        Clients.publish(pub, "anon", "hello anonymous", 1, false);
        assertThat(raw.expect(RawMqtt.PUBLISH, RECEIVE).payload()).isEqualTo("hello anonymous");
    }

    @Test
    void twoClientsWithEmptyIdsDoNotTakeEachOtherOver() throws Exception {
        Mqtt3BlockingClient a = clients.hive("");
        a.connectWith().cleanSession(true).send();
        var aPublishes = publishes(a);
        Clients.subscribe(a, "anon/a", 1);
        Mqtt3BlockingClient b = clients.hive("");
        b.connectWith().cleanSession(true).send();

        Clients.publish(b, "anon/a", "from b", 1, false);

        assertThat(text(next(aPublishes))).isEqualTo("from b");
        assertThat(a.getState().isConnected()).isTrue();
        assertThat(b.getState().isConnected()).isTrue();
    }

    @Test
    void clientIdUpToTheConfiguredMaximumIsAccepted() throws Exception {
        int max = node.node().broker().limits().maxClientIdLength();
        RawMqtt raw = clients.raw();

        assertThat(raw.connect("c".repeat(max), true, 30).returnCode()).isEqualTo(CONNACK_ACCEPTED);
    }

    @Test
    void clientIdLongerThanTheConfiguredMaximumIsRejected() throws Exception {
        int max = node.node().broker().limits().maxClientIdLength();
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "c".repeat(max + 1), true, 30, null, null, 0, false));

        assertThat(raw.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isEqualTo(CONNACK_IDENTIFIER_REJECTED);
        raw.awaitClosed(RECEIVE);
    }

    // ---------------------------------------------------------------- will topic

    @Test
    void willTopicWithWildcardIsRefusedWithAValidMqtt311Response() throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "bad-will", true, 30, "will/+", "x", 0, false));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        // 3.1.1 has no return code for this: the server closes the connection (§4.8), and must not
        // send a CONNACK code outside 0..5 (§3.2.2.3: 6-255 are reserved).
        for (RawMqtt.Packet p : received) {
            assertThat(p.type()).as("received %s", RawMqtt.describe(p)).isEqualTo(RawMqtt.CONNACK);
            assertThat(p.returnCode()).as("3.1.1 CONNACK return code in %s", RawMqtt.describe(p)).isBetween(1, 5);
        }
    }

    // ---------------------------------------------------------------- protocol level

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {6, 7, 2})
    void unsupportedProtocolLevelGetsConnackOneAndIsClosed(int level) throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(level, "future-client", true, 30, null, null, 0, false));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("exactly one CONNACK before the close").hasSize(1);
        RawMqtt.Packet connack = received.get(0);
        assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
        assertThat(connack.body()).as("3.1.1-sized CONNACK").hasSize(2);
        assertThat(connack.returnCode()).isEqualTo(CONNACK_UNACCEPTABLE_PROTOCOL_VERSION);
    }

    // ---------------------------------------------------------------- protocol violations

    @Test
    void secondConnectOnTheSameConnectionClosesItAndPublishesTheWill() throws Exception {
        Mqtt3BlockingClient watcher = clients.hiveConnected("watcher");
        var watched = publishes(watcher);
        Clients.subscribe(watcher, "will/#", 1);
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "double", true, 30, "will/double", "protocol error", 1, false));
        assertThat(raw.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        raw.send(RawMqtt.connectPacket(4, "double", true, 30, null, null, 0, false));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("no second CONNACK").noneMatch(p -> p.type() == RawMqtt.CONNACK);
        assertThat(text(next(watched))).isEqualTo("protocol error");
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnection() throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.subscribePacket(1, "no/connect", 0));

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).isEmpty();
    }

    @Test
    void reservedConnectFlagSetClosesTheConnection() throws Exception {
        byte[] connect = RawMqtt.connectPacket(4, "reserved", true, 30, null, null, 0, false);
        // Fixed header (2) + protocol name (6) + level (1): then the connect flags byte.
        connect[9] |= 0x01;
        RawMqtt raw = clients.raw();
        raw.send(connect);

        List<RawMqtt.Packet> received = new ArrayList<>();
        raw.awaitClosed(RECEIVE, received);
        assertThat(received).as("MQTT 3.1.1 §3.1.2.3: disconnect, no CONNACK 0")
                .noneMatch(p -> p.type() == RawMqtt.CONNACK && p.returnCode() == CONNACK_ACCEPTED);
    }

    // ---------------------------------------------------------------- keep-alive

    @Test
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlivesAndItsWillPublished() throws Exception {
        Mqtt3BlockingClient watcher = clients.hiveConnected("watcher");
        var watched = publishes(watcher);
        Clients.subscribe(watcher, "will/#", 1);
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "sleepy", true, 1, "will/sleepy", "timed out", 1, false));
        assertThat(raw.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        Duration closedAfter = raw.awaitClosed(Duration.ofSeconds(5));

        assertThat(closedAfter).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
        assertThat(text(next(watched))).isEqualTo("timed out");
    }

    @Test
    void clientThatKeepsPublishingIsNotDisconnected() throws Exception {
        RawMqtt raw = clients.raw();
        raw.send(RawMqtt.connectPacket(4, "busy", true, 1, null, null, 0, false));
        assertThat(raw.expect(RawMqtt.CONNACK, RECEIVE).returnCode()).isZero();

        // Any control packet counts as activity, not only PINGREQ.
        for (int i = 1; i <= 8; i++) {
            raw.send(RawMqtt.publishPacket("busy/t", 1, false, false, i, "tick"));
            assertThat(raw.expect(RawMqtt.PUBACK, RECEIVE).ackId()).isEqualTo(i);
            Thread.sleep(300);
        }
        raw.send(RawMqtt.pingreq());
        assertThat(raw.expect(RawMqtt.PINGRESP, RECEIVE).type()).isEqualTo(RawMqtt.PINGRESP);
    }
}
