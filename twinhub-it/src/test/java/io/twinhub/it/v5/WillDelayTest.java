package io.twinhub.it.v5;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.it.RunningNode;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.v5.Clients.bytes;
import static io.twinhub.it.v5.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Will Delay Interval: the will waits, and is cancelled by a timely reconnect. */
class WillDelayTest {

    @RegisterExtension
    final RunningNode node = new RunningNode();

    private final Clients clients = new Clients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static RawMqtt5.Connect withWill(String id, long willDelay, long sessionExpiry) {
        return new RawMqtt5.Connect(id).cleanStart(false)
                .props(new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, sessionExpiry))
                .will("will/" + id, "last words of " + id, 1, new RawMqtt5.Props().u32(RawMqtt5.WILL_DELAY, willDelay));
    }

    @Test
    void willIsPublishedOnlyAfterItsDelayWhenTheConnectionDrops() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "will/#");
        RawMqtt5 client = clients.raw(withWill("dropper", 2, 30));

        long dropped = System.nanoTime();
        client.abort();

        assertThat(watcher.publishes().receive(1_500, TimeUnit.MILLISECONDS)).as("will before its delay").isEmpty();
        Mqtt5Publish will = watcher.receive();
        long afterMillis = (System.nanoTime() - dropped) / 1_000_000;
        assertThat(text(will)).isEqualTo("last words of dropper");
        assertThat(will.getTopic().toString()).isEqualTo("will/dropper");
        assertThat(afterMillis).isBetween(1_800L, 4_500L);
    }

    @Test
    void willIsNotPublishedIfTheClientReconnectsWithinTheDelay() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "will/#");
        RawMqtt5 client = clients.raw(withWill("comeback", 2, 30));
        client.abort();

        Thread.sleep(300);
        RawMqtt5 back = clients.raw(new RawMqtt5.Connect("comeback").cleanStart(false)
                .props(new RawMqtt5.Props().u32(RawMqtt5.SESSION_EXPIRY, 30)));

        Optional<Mqtt5Publish> will = watcher.publishes().receive(3_000, TimeUnit.MILLISECONDS);
        assertThat(will).as("will after a reconnect within the delay").isEmpty();
        back.disconnect(0, new RawMqtt5.Props());
    }

    @Test
    void pahoClientDroppedForciblyHasItsWillPublishedAfterTheDelay() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "will/#");
        Clients.Paho paho = clients.paho("paho-dropper");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(30L);
        options.setWill("will/paho", new MqttMessage(bytes("paho is gone"), 1, false, null));
        MqttProperties willProps = new MqttProperties();
        willProps.setWillDelayInterval(1L);
        options.setWillMessageProperties(willProps);
        paho.connect(options);

        long dropped = System.nanoTime();
        paho.client.disconnectForcibly(0, 100, false);   // no DISCONNECT packet

        Mqtt5Publish will = watcher.receive();
        long afterMillis = (System.nanoTime() - dropped) / 1_000_000;
        assertThat(text(will)).isEqualTo("paho is gone");
        assertThat(afterMillis).isGreaterThanOrEqualTo(800L);
    }

    @Test
    void willDelayLongerThanTheSessionIsCutShortWhenTheSessionEnds() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "will/#");
        RawMqtt5 client = clients.raw(withWill("short-session", 60, 1));

        long dropped = System.nanoTime();
        client.abort();

        Mqtt5Publish will = watcher.receive();
        long afterMillis = (System.nanoTime() - dropped) / 1_000_000;
        assertThat(text(will)).isEqualTo("last words of short-session");
        assertThat(afterMillis).isBetween(700L, 4_000L);
    }

    @Test
    void willWithDelayIsPublishedAtOnceWhenTheSessionHasNoExpiry() throws Exception {
        Clients.Subscriber watcher = clients.hiveSubscriber("watcher", "will/#");
        RawMqtt5 client = clients.raw(withWill("no-session", 60, 0));
        client.abort();

        assertThat(text(watcher.receive())).isEqualTo("last words of no-session");
    }
}
