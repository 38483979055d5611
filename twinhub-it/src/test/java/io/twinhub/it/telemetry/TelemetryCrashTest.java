package io.twinhub.it.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.it.HubApi;
import io.twinhub.it.durability.NodeLab;
import io.twinhub.it.durability.NodeProcess;
import io.twinhub.it.shadow.ShadowClient;
import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL while devices send QoS 1 telemetry (node in a child process, durability sync). After
 * each restart every point whose PUBACK a device received is queryable, and nothing that was
 * never sent is. Random but seeded: {@code -Dtelemetry.seed=N} replays a run.
 */
class TelemetryCrashTest {

    static final int ROUNDS = 3;
    static final int WINDOW = 16;
    static final List<String> DEVICES = List.of("tcrash-a", "tcrash-b", "tcrash-c");
    /** Point n of every device has timestamp T0 + n. */
    static final long T0 = 1_700_000_000_000L;

    @RegisterExtension
    final NodeLab lab = new NodeLab();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyAcknowledgedPointSurvivesKill9() throws Exception {
        long seed = Long.getLong("telemetry.seed", System.nanoTime());
        Random random = new Random(seed);
        log("seed " + seed + " (replay with -Dtelemetry.seed=" + seed + ")");

        NodeProcess node = lab.startNode("data");
        HubApi api = new HubApi(node.httpPort());
        String admin = node.firstStartAdminToken();
        List<String> tokens = new ArrayList<>();
        for (String id : DEVICES) {
            tokens.add(api.createDevice(admin, id));
        }
        long[] next = new long[DEVICES.size()];
        List<Set<Long>> acknowledged = new ArrayList<>();
        for (int i = 0; i < DEVICES.size(); i++) {
            acknowledged.add(new HashSet<>());
        }
        for (int round = 1; round <= ROUNDS; round++) {
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < DEVICES.size(); i++) {
                Protocol protocol = (i + round) % 2 == 0 ? Protocol.MQTT_5 : Protocol.MQTT_3_1_1;
                ShadowClient c = lab.track(ShadowClient.connect(protocol, node.host(), node.port(),
                        DEVICES.get(i), DEVICES.get(i), tokens.get(i)));
                senders.add(new Sender(c, DEVICES.get(i), next[i]));
            }
            senders.forEach(Sender::start);
            long delay = 300 + random.nextInt(1201);
            Thread.sleep(delay);
            node.kill9();
            for (Sender s : senders) {
                s.stop();
            }
            node.start();
            api = new HubApi(node.httpPort());

            StringBuilder summary = new StringBuilder("round " + round + " (kill -9 after " + delay + " ms):");
            long acknowledgedInRound = 0;
            for (int i = 0; i < DEVICES.size(); i++) {
                Sender s = senders.get(i);
                acknowledged.get(i).addAll(s.acknowledged);
                acknowledgedInRound += s.acknowledged.size();
                next[i] = s.sent.get();
                Set<Long> stored = storedPoints(api, admin, DEVICES.get(i));
                summary.append(String.format("%n  %s sent up to %d, %d acknowledged in total, %d stored",
                        DEVICES.get(i), next[i], acknowledged.get(i).size(), stored.size()));
                Set<Long> lost = new HashSet<>(acknowledged.get(i));
                lost.removeAll(stored);
                assertThat(lost).as("acknowledged but lost, " + summary).isEmpty();
                long sentUpTo = next[i];
                assertThat(stored).as("never sent").allMatch(n -> n >= 0 && n < sentUpTo);
            }
            log(summary.toString());
            assertThat(acknowledgedInRound).as("points acknowledged before the kill").isPositive();
        }
        node.stop();
    }

    /** The n of every stored point of the device (a point's n is its timestamp minus T0). */
    private static Set<Long> storedPoints(HubApi api, String admin, String device) {
        HubApi.Answer a = api.get("/api/v1/things/" + device + "/telemetry?keys=n&from=" + T0 + "&limit=100000", admin);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        Set<Long> stored = new HashSet<>();
        for (JsonNode p : a.body().path("n")) {
            long n = p.path("ts").asLong() - T0;
            assertThat(p.path("value").asLong()).as("value of point " + n).isEqualTo(n);
            assertThat(stored.add(n)).as("point " + n + " stored once").isTrue();
        }
        return stored;
    }

    /** Publishes points n, n+1, … at QoS 1 with at most {@link #WINDOW} unacknowledged. */
    private static final class Sender implements Runnable {
        private final ShadowClient client;
        private final String device;
        private final AtomicLong sent;
        private final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        private final Semaphore window = new Semaphore(WINDOW);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sender(ShadowClient client, String device, long first) {
            this.client = client;
            this.device = device;
            this.sent = new AtomicLong(first);
            this.thread = new Thread(this, "sender-" + device);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            String topic = "$twin/things/" + device + "/telemetry";
            try {
                while (running.get()) {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    long n = sent.get();
                    byte[] payload = ("{\"ts\":" + (T0 + n) + ",\"values\":{\"n\":" + n + "}}").getBytes(StandardCharsets.UTF_8);
                    sent.incrementAndGet();
                    client.publishAsync(topic, payload, 1).whenComplete((code, error) -> {
                        if (error == null && code == 0) {
                            acknowledged.add(n);
                        }
                        window.release();
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException closed) {
                // the node went away mid-publish
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            client.close();
        }
    }

    private static void log(String line) {
        System.out.println("[TelemetryCrashTest] " + line);
    }
}
