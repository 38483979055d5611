package io.twinhub.it.v3;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.twinhub.it.v3.Clients.RECEIVE;
import static io.twinhub.it.v3.Clients.next;
import static io.twinhub.it.v3.Clients.publishes;
import static io.twinhub.it.v3.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The mosquitto command-line clients (libmosquitto, MQTT 3.1.1) against the broker. */
class MosquittoToolsTest {

    /** mosquitto_sub's exit code when -W expires before -C messages arrived. */
    private static final int TIMED_OUT = 27;

    @RegisterExtension
    final RunningNode node = new RunningNode();
    @RegisterExtension
    final Clients clients = new Clients(node);
    private final Mosquitto mosquitto = new Mosquitto(node, clients);

    @Test
    void mosquittoPubReachesHiveMqSubscriber() throws Exception {
        Mqtt3BlockingClient sub = clients.hiveConnected("hive-sub");
        var publishes = publishes(sub);
        Clients.subscribe(sub, "cli/in", 2);

        mosquitto.pub("-t", "cli/in", "-m", "from mosquitto_pub", "-q", "2");

        Mqtt3Publish got = next(publishes);
        assertThat(text(got)).isEqualTo("from mosquitto_pub");
        assertThat(got.getQos().getCode()).isEqualTo(2);
    }

    @Test
    void pahoPublishReachesMosquittoSub() throws Exception {
        Mosquitto.Sub sub = mosquitto.sub("-d", "-t", "cli/out/#", "-q", "1", "-C", "1", "-W", "5");
        sub.awaitSubscribed();

        PahoClient pub = clients.pahoConnected("paho-pub");
        pub.publish("cli/out/x", "to mosquitto_sub", 1, false);

        Mosquitto.Message got = sub.nextMessage(RECEIVE);
        assertThat(got.topic()).isEqualTo("cli/out/x");
        assertThat(got.payload()).isEqualTo("to mosquitto_sub");
        assertThat(got.qos()).isEqualTo(1);
        assertThat(got.retained()).isFalse();
        assertThat(sub.awaitExit(RECEIVE)).isZero();
    }

    @Test
    void retainedMessageFromMosquittoPubIsDeliveredToLateMosquittoSub() throws Exception {
        mosquitto.pub("-t", "cli/retained", "-m", "kept", "-q", "1", "-r");

        Mosquitto.Sub sub = mosquitto.sub("-t", "cli/retained", "-q", "1", "-C", "1", "-W", "5");

        assertThat(sub.awaitExit(RECEIVE)).isZero();
        assertThat(sub.messages()).containsExactly(new Mosquitto.Message(true, 1, "cli/retained", "kept"));
    }

    @Test
    void nullRetainedMessageFromMosquittoPubClearsTheTopic() throws Exception {
        mosquitto.pub("-t", "cli/cleared", "-m", "soon gone", "-q", "1", "-r");
        mosquitto.pub("-t", "cli/cleared", "-n", "-q", "1", "-r");

        Mosquitto.Sub sub = mosquitto.sub("-t", "cli/cleared", "-q", "1", "-C", "1", "-W", "1");

        assertThat(sub.awaitExit(RECEIVE)).as("mosquitto_sub timed out waiting").isEqualTo(TIMED_OUT);
        assertThat(sub.messages()).isEmpty();
    }

    @Test
    void linesFromMosquittoPubArriveInOrder() throws Exception {
        int count = 200;
        PahoClient sub = clients.pahoConnected("paho-sub");
        sub.subscribe("cli/lines", 1);
        String input = IntStream.range(0, count).mapToObj(i -> "line-" + i).collect(Collectors.joining("\n", "", "\n"));

        mosquitto.pubWithInput(input, "-t", "cli/lines", "-q", "1", "-l");

        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(sub.next(RECEIVE).payload());
        }
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "line-" + i).toList());
    }

    @Test
    void mosquittoSubPersistentSessionGetsMessagesPublishedWhileItWasAway() throws Exception {
        // -E: subscribe, then disconnect normally once the SUBACK is in.
        Mosquitto.Sub first = mosquitto.sub("-i", "cli-persistent", "-c", "-q", "1", "-t", "cli/persist", "-E");
        assertThat(first.awaitExit(RECEIVE)).isZero();
        clients.awaitOffline("cli-persistent");

        mosquitto.pub("-t", "cli/persist", "-m", "while away", "-q", "1");

        Mosquitto.Sub back = mosquitto.sub("-i", "cli-persistent", "-c", "-q", "1", "-t", "cli/persist", "-C", "1", "-W", "5");
        assertThat(back.awaitExit(RECEIVE)).isZero();
        assertThat(back.messages()).containsExactly(new Mosquitto.Message(false, 1, "cli/persist", "while away"));
    }

    @Test
    void killedMosquittoSubHasItsWillPublished() throws Exception {
        Mqtt3BlockingClient watcher = clients.hiveConnected("watcher");
        var watched = publishes(watcher);
        Clients.subscribe(watcher, "cli/will", 1);
        Mosquitto.Sub sub = mosquitto.sub("-d", "-t", "cli/nothing", "--will-topic", "cli/will",
                "--will-payload", "mosquitto_sub died", "--will-qos", "1");
        sub.awaitSubscribed();

        sub.process.destroyForcibly(); // SIGKILL: no DISCONNECT

        Mqtt3Publish will = next(watched);
        assertThat(text(will)).isEqualTo("mosquitto_sub died");
        assertThat(will.getQos().getCode()).isEqualTo(1);
    }

    @Test
    void mosquittoSubWithWildcardSeesHiveMqPublishesAtGrantedQos() throws Exception {
        Mosquitto.Sub sub = mosquitto.sub("-d", "-t", "cli/+/temp", "-q", "1", "-C", "2", "-W", "5");
        sub.awaitSubscribed();
        Mqtt3BlockingClient pub = clients.hiveConnected("pub");

        Clients.publish(pub, "cli/kitchen/temp", "21", 2, false);
        Clients.publish(pub, "cli/kitchen/humidity", "50", 2, false);
        Clients.publish(pub, "cli/hall/temp", "19", 0, false);

        assertThat(sub.awaitExit(Duration.ofSeconds(6))).isZero();
        assertThat(sub.messages()).containsExactly(
                new Mosquitto.Message(false, 1, "cli/kitchen/temp", "21"),
                new Mosquitto.Message(false, 0, "cli/hall/temp", "19"));
    }
}
