package io.twinhub.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk: the node refuses what it cannot store with a reason code, never acknowledges a
 * message it did not write, and keeps serving what needs no write. The data directory is a small
 * tmpfs (mounting one needs root, as CI and the development machines run).
 */
class StorageFailureTest {

    private Path mount;
    private TwinhubNode node;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("twinhub-full-disk");
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString()),
                "mounting a tmpfs needs root, which this test run does not have");
    }

    @AfterEach
    void unmount() throws Exception {
        if (node != null) {
            node.close();
        }
        if (!run("umount", mount.toString())) {
            run("umount", "-l", mount.toString());
        }
        TempDirs.deleteRecursively(mount);
    }

    @Test
    void fullDiskRefusesWithReasonCodesAndLosesNothingAcknowledged() throws Exception {
        node = start();
        int port = node.mqttAddress().getPort();
        // A persistent session that is offline: every QoS 1 message for it must be stored.
        Mqtt5BlockingClient keeper = client("keeper", port);
        keeper.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        keeper.subscribeWith().topicFilter("fill/#").qos(MqttQos.AT_LEAST_ONCE).send();
        keeper.disconnect();

        Mqtt5BlockingClient live = client("live", port);
        live.connect();
        Mqtt5BlockingClient.Mqtt5Publishes liveInbox = live.publishes(MqttGlobalPublishFilter.ALL);
        live.subscribeWith().topicFilter("still/#").qos(MqttQos.AT_MOST_ONCE).send();

        Mqtt5BlockingClient publisher = client("publisher", port);
        publisher.connect();
        Set<Integer> acknowledged = new HashSet<>();
        int refusedAt = -1;
        List<Integer> refusalCodes = new ArrayList<>();
        for (int i = 0; i < 2_000 && refusalCodes.size() < 5; i++) {
            try {
                publisher.publishWith().topic("fill/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(payload(i, 32 * 1024)).send();
                assertThat(refusedAt).as("no success after the store refused").isEqualTo(-1);
                acknowledged.add(i);
            } catch (Mqtt5PubAckException e) {
                refusalCodes.add(e.getMqttMessage().getReasonCode().getCode());
                if (refusedAt < 0) {
                    refusedAt = i;
                }
            }
        }
        assertThat(refusedAt).as("the disk filled up").isPositive();
        assertThat(refusalCodes).allMatch(code -> code == 0x80 || code == 0x97);
        assertThat(refusalCodes.subList(1, refusalCodes.size())).as("later publishes refused at once").containsOnly(0x97);

        // What needs no write still works: QoS 0 between live clients, new connections.
        publisher.publishWith().topic("still/here").qos(MqttQos.AT_MOST_ONCE).payload(new byte[] {1}).send();
        assertThat(liveInbox.receive(5, TimeUnit.SECONDS)).isPresent();
        Mqtt5BlockingClient newcomer = client("newcomer", port);
        newcomer.connect();
        newcomer.disconnect();
        publisher.disconnect();
        live.disconnect();

        // Give the disk room again and restart: every acknowledged message is there.
        node.close();
        node = null;
        assertThat(run("mount", "-o", "remount,size=128m", mount.toString())).isTrue();
        node = start();
        Mqtt5BlockingClient back = client("keeper", node.mqttAddress().getPort());
        Mqtt5BlockingClient.Mqtt5Publishes inbox = back.publishes(MqttGlobalPublishFilter.ALL);
        back.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        Set<Integer> received = new HashSet<>();
        Optional<Mqtt5Publish> p;
        while ((p = inbox.receive(3, TimeUnit.SECONDS)).isPresent()) {
            received.add(ByteBuffer.wrap(p.get().getPayloadAsBytes()).getInt());
        }
        back.disconnect();
        assertThat(received).containsAll(acknowledged);
    }

    private TwinhubNode start() throws Exception {
        TwinhubNode n = new TwinhubNode(NodeConfig.forTest(mount));
        n.start();
        return n;
    }

    private static Mqtt5BlockingClient client(String id, int port) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    private static byte[] payload(int number, int size) {
        return ByteBuffer.allocate(size).putInt(number).array();
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
