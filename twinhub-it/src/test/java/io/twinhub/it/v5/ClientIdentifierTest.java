package io.twinhub.it.v5;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Client identifiers the broker accepts, assigns or refuses (MQTT 5 CONNACK reason codes). */
class ClientIdentifierTest {

    private static final int MAX_CLIENT_ID = 16;

    @RegisterExtension
    final RunningNode node = new RunningNode(Limits.with(l -> l.maxClientIdLength = MAX_CLIENT_ID));

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void identifierAtTheConfiguredMaximumIsAccepted() {
        String id = "x".repeat(MAX_CLIENT_ID);
        assertThat(clients.hive(id).connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void identifierLongerThanTheConfiguredMaximumIsRefusedWithClientIdentifierNotValid() {
        String id = "y".repeat(MAX_CLIENT_ID + 10);
        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, () -> clients.hive(id).connect());
        assertThat(refused).as("CONNECT with a %d-byte client identifier (limit %d) was accepted", id.length(), MAX_CLIENT_ID)
                .isNotNull();
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void identifierTheDecoderRejectsIsAnsweredWithAnMqtt5ReasonCode() throws Exception {
        RawMqtt5 raw = clients.rawUnconnected();
        RawMqtt5.Packet answer = raw.sendConnect(new RawMqtt5.Connect("bad\u0000id"));

        if (answer.type() == RawMqtt5.CONNACK) {
            // MQTT 5 CONNACK failure codes are 0x80 and above (0x85 Client Identifier not valid, 0x81 Malformed Packet).
            assertThat(answer.connAckReason()).as("CONNACK reason code").isGreaterThanOrEqualTo(0x80);
        } else {
            assertThat(answer.type()).isEqualTo(RawMqtt5.CLOSED);
        }
    }
}
