package io.twinhub.it.v5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** When a will is published and what it carries. */
class WillMessageTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private Mqtt5BlockingClient connectWithWill(String id, String topic) {
        Mqtt5BlockingClient c = clients.hive(id);
        c.connectWith()
                .willPublish().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(id + " died")).applyWillPublish()
                .send();
        return c;
    }

    @Test
    void disconnectWithWillMessageReasonPublishesTheWill() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "wm/#");
        Mqtt5BlockingClient c = connectWithWill("wm-0x04", "wm/0x04");

        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        Mqtt5Publish will = watcher.receive();
        assertThat(will.getTopic().toString()).isEqualTo("wm/0x04");
        assertThat(text(will)).isEqualTo("wm-0x04 died");
    }

    @Test
    void normalDisconnectDiscardsTheWill() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "wm/#");
        Mqtt5BlockingClient c = connectWithWill("wm-normal", "wm/normal");

        c.disconnect();

        assertThat(watcher.publishes().receive(1_000, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void droppedConnectionPublishesTheWill() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "wm/#");
        RawMqtt5 raw = clients.raw(new RawMqtt5.Connect("wm-dropped").will("wm/dropped", "dropped", 1, new RawMqtt5.Props()));
        raw.abort();
        assertThat(text(watcher.receive())).isEqualTo("dropped");
    }

    @Test
    void connectionClosedForAProtocolErrorPublishesTheWill() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "wm/#");
        RawMqtt5 raw = clients.raw(new RawMqtt5.Connect("wm-violator").will("wm/violator", "violated", 1, new RawMqtt5.Props()));
        // A client may not send a Subscription Identifier: the broker must close the connection.
        raw.publish("wm/t", 0, 0, false, new RawMqtt5.Props().varInt(RawMqtt5.SUBSCRIPTION_ID, 1), bytes("x"));
        assertThat(raw.awaitDisconnect(Duration.ofSeconds(5))).isEqualTo(0x82);
        assertThat(text(watcher.receive())).isEqualTo("violated");
    }

    @Test
    void willPropertiesReachTheSubscriber() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "wm/#");
        Mqtt5BlockingClient c = clients.hive("wm-props");
        c.connectWith()
                .willPublish().topic("wm/props").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"state\":\"offline\"}"))
                .contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .responseTopic("wm/ask")
                .correlationData(new byte[] {9, 8, 7})
                .userProperties().add("device", "d-17").add("reason", "power").add("device", "again").applyUserProperties()
                .messageExpiryInterval(120)
                .applyWillPublish()
                .send();

        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        Mqtt5Publish will = watcher.receive();
        assertThat(text(will)).isEqualTo("{\"state\":\"offline\"}");
        assertThat(will.getContentType()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("application/json"));
        assertThat(will.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(will.getResponseTopic()).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("wm/ask"));
        assertThat(will.getCorrelationData()).hasValueSatisfying(b -> assertThat(array(b)).containsExactly(9, 8, 7));
        assertThat(will.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("device=d-17", "reason=power", "device=again");
        assertThat(will.getMessageExpiryInterval()).as("message expiry interval").isPresent();
        assertThat(will.getMessageExpiryInterval().getAsLong()).isBetween(1L, 120L);
    }

    @Test
    void retainedWillIsKeptForLaterSubscribers() throws Exception {
        Mqtt5BlockingClient c = clients.hive("wm-retained");
        c.connectWith().willPublish().topic("wm/retained").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(bytes("offline")).applyWillPublish().send();
        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Clients.Subscriber late = clients.hiveSubscriber("late-" + System.nanoTime(), "wm/retained");
            Mqtt5Publish got = late.receive();
            assertThat(text(got)).isEqualTo("offline");
            assertThat(got.isRetain()).isTrue();
        });
    }

    private static byte[] array(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
