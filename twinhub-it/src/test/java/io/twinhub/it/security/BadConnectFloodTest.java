package io.twinhub.it.security;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.HubApi;
import io.twinhub.it.RawMqtt;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Good devices keep publishing at QoS 1 to a subscribing application while a flood of bad
 * connects (wrong passwords, unknown devices, garbage, truncated CONNECTs) hits the same
 * listener from other loopback addresses for a few seconds. Bounded: a fixed number of flood
 * threads, a cap on the connections they open, loopback only. What is checked is what users
 * see: every acknowledged message arrives, in order, without a long silence (a generous bound,
 * no throughput figure); the failed logins are counted and, past the allowance, refused without
 * being checked, and /metrics shows both.
 */
class BadConnectFloodTest {

    private static final int GOOD_DEVICES = 3;
    private static final Duration FLOOD = Duration.ofSeconds(4);
    private static final int FLOOD_THREADS = 4;
    private static final int MAX_FLOOD_CONNECTIONS = 4000;
    /** Longest silence tolerated in the good traffic: far beyond any normal pause, far below "stuck". */
    private static final long MAX_GAP_MILLIS = 5_000;
    private static final String[] FLOOD_ADDRESSES = {"127.0.0.2", "127.0.0.3"};

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        cleanup.forEach(Runnable::run);
    }

    /** What the collector received: per device, the sequence numbers in arrival order, and arrival times. */
    private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

    /** What one flood attempt ended with. */
    private enum Outcome { BAD_CREDENTIALS, RATE_LIMITED, CLOSED, ABANDONED, OTHER }

    @Test
    void goodTrafficKeepsFlowingWhileBadConnectsAreCountedAndLimited() throws Exception {
        HubApi api = new HubApi(node.node().httpAddress().orElseThrow().getPort());
        node.node().devices().create("victim", Map.of());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < GOOD_DEVICES; i++) {
            tokens.add(node.node().devices().create("good-" + i, Map.of()).token());
        }
        startCollector();

        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < GOOD_DEVICES; i++) {
            Publisher p = new Publisher("good-" + i, tokens.get(i), publishing);
            publishers.add(p);
            p.thread.start();
        }
        Thread.sleep(500); // traffic first, then the flood

        Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicInteger());
        }
        AtomicInteger opened = new AtomicInteger();
        long floodStartedAt = System.currentTimeMillis();
        long floodEnd = System.nanoTime() + FLOOD.toNanos();
        List<Thread> flood = new ArrayList<>();
        for (int t = 0; t < FLOOD_THREADS; t++) {
            InetAddress from = InetAddress.getByName(FLOOD_ADDRESSES[t % FLOOD_ADDRESSES.length]);
            int seed = t;
            flood.add(Thread.ofPlatform().name("flood-" + t).start(() -> {
                for (int n = seed; System.nanoTime() < floodEnd && opened.incrementAndGet() <= MAX_FLOOD_CONNECTIONS; n += FLOOD_THREADS) {
                    outcomes.get(badConnect(from, n)).incrementAndGet();
                }
            }));
        }
        for (Thread t : flood) {
            t.join(FLOOD.toMillis() + 30_000);
            assertThat(t.isAlive()).as("flood thread finished").isFalse();
        }
        long floodEndedAt = System.currentTimeMillis();
        Thread.sleep(1000); // good traffic after the flood too
        publishing.set(false);
        for (Publisher p : publishers) {
            p.thread.join(30_000);
            assertThat(p.thread.isAlive()).isFalse();
        }

        System.out.printf("flood: %s in %d ms; acks %s; max gaps: acks %s, subscriber %d ms%n", outcomes,
                floodEndedAt - floodStartedAt, publishers.stream().map(p -> p.acked.size()).toList(),
                publishers.stream().map(p -> maxGap(p.ackTimes)).toList(), maxGap(new ArrayList<>(arrivals)));
        // every acknowledged message arrived, in order; the publishers were never cut off
        for (Publisher p : publishers) {
            assertThat(p.error).as(p.id + " publish error").isNull();
            assertThat(p.acked).as(p.id + " acknowledged during the run").hasSizeGreaterThan(10);
            awaitReceived(p.id, p.acked.size());
            assertThat(received.get(p.id)).as(p.id + " received in order, each once")
                    .containsExactlyElementsOf(p.acked);
            assertThat(maxGap(p.ackTimes)).as(p.id + " longest wait between acknowledgements (ms)")
                    .isLessThan(MAX_GAP_MILLIS);
            assertThat(p.ackTimes).filteredOn(t -> t >= floodStartedAt && t <= floodEndedAt)
                    .as(p.id + " acknowledged during the flood").hasSizeGreaterThan(5);
        }
        assertThat(maxGap(new ArrayList<>(arrivals))).as("longest silence at the subscriber (ms)").isLessThan(MAX_GAP_MILLIS);
        assertThat(arrivals).filteredOn(t -> t >= floodStartedAt && t <= floodEndedAt)
                .as("received during the flood").hasSizeGreaterThan(5 * GOOD_DEVICES);

        // the flood was refused: failed logins counted, and past the allowance refused unchecked
        int badCredentials = outcomes.get(Outcome.BAD_CREDENTIALS).get();
        int rateLimited = outcomes.get(Outcome.RATE_LIMITED).get();
        assertThat(badCredentials).as("refused as bad credentials " + outcomes).isPositive();
        assertThat(rateLimited).as("refused as too many failures " + outcomes).isGreaterThan(badCredentials);
        assertThat(outcomes.get(Outcome.OTHER).get()).as("unexpected answers " + outcomes).isZero();
        var metrics = node.node().security().authenticator().metrics();
        assertThat(metrics.failed()).isGreaterThanOrEqualTo(badCredentials);
        assertThat(metrics.rateLimited()).isGreaterThanOrEqualTo(rateLimited);
        String exposed = api.text("/metrics");
        assertThat(metric(exposed, "twinhub_auth_attempts_total{result=\"failed\"}")).isEqualTo(metrics.failed());
        assertThat(metric(exposed, "twinhub_auth_attempts_total{result=\"rate_limited\"}")).isEqualTo(metrics.rateLimited());

        // the flood's addresses are out of attempts; a good device elsewhere still gets in (good-1:
        // good-0's id was guessed at, and its allowance is spent too)
        Mqtt5BlockingClient again = MqttClient.builder().useMqttVersion5().identifier("good-1")
                .serverHost("127.0.0.1").serverPort(node.port()).buildBlocking();
        again.connectWith().simpleAuth().username("good-1").password(bytes(tokens.get(1))).applySimpleAuth().send();
        assertThat(again.getState().isConnected()).isTrue();
        again.disconnect();
    }

    /** One bad connect from {@code from}; kinds take turns with {@code n}. */
    private Outcome badConnect(InetAddress from, int n) {
        int level = n % 2 == 0 ? 4 : 5;
        byte[] packet = switch (n % 5) {
            case 0 -> RawMqtt.connect(level, "victim", 30, "victim", "thd_victim.wrong-" + n);
            case 1 -> RawMqtt.connect(level, "ghost-" + n, 30, "ghost-" + n, "thd_ghost-" + n + ".guess");
            case 2 -> RawMqtt.connect(level, "good-0", 30, "good-0", "thd_good-0.guess");
            case 3 -> "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII); // not MQTT
            default -> truncated(RawMqtt.connect(level, "cut-" + n, 30, "cut", "x"));
        };
        try (RawMqtt raw = new RawMqtt(node.port(), from)) {
            raw.send(packet);
            if (n % 5 == 4) {
                return Outcome.ABANDONED; // half a CONNECT, then gone: the server waits for the rest in vain
            }
            if (n % 5 == 3) {
                return raw.closedByServer() ? Outcome.CLOSED : Outcome.OTHER;
            }
            int code = RawMqtt.connAckCode(raw.readPacket());
            return switch (code) {
                case 0x04, 0x86 -> Outcome.BAD_CREDENTIALS;
                case 0x05, 0x9F -> Outcome.RATE_LIMITED; // 3.1.1 has no better code than "not authorized"
                default -> Outcome.OTHER;
            };
        } catch (IOException e) {
            System.out.println("flood attempt " + n + ": " + e);
            return Outcome.OTHER;
        }
    }

    /** A CONNECT whose remaining length promises more than is sent. */
    private static byte[] truncated(byte[] connect) {
        return java.util.Arrays.copyOf(connect, connect.length - 3);
    }

    private void startCollector() {
        String secret = node.node().security().applications().create("collector",
                new AccessRules(List.of(), List.of("$twin/things/+/telemetry"), List.of())).secret();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("collector")
                .serverHost("127.0.0.1").serverPort(node.port()).buildAsync();
        c.connectWith().simpleAuth().username("collector").password(bytes(secret)).applySimpleAuth().send().join();
        c.subscribeWith().topicFilter("$twin/things/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            String topic = p.getTopic().toString();
            String device = topic.split("/")[2];
            received.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>())
                    .add(Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.US_ASCII).replaceAll("\\D", "")));
            arrivals.add(System.currentTimeMillis());
        }).send().join();
        cleanup.add(() -> c.disconnect().join());
    }

    /** A good device publishing numbered QoS 1 messages, one after the other, until told to stop. */
    private final class Publisher {
        final String id;
        final List<Integer> acked = new CopyOnWriteArrayList<>();
        final List<Long> ackTimes = new CopyOnWriteArrayList<>();
        final Thread thread;
        volatile Throwable error;

        Publisher(String id, String token, AtomicBoolean running) {
            this.id = id;
            Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                    .serverHost("127.0.0.1").serverPort(node.port()).buildBlocking();
            c.connectWith().simpleAuth().username(id).password(bytes(token)).applySimpleAuth().send();
            cleanup.add(() -> {
                if (c.getState().isConnected()) {
                    c.disconnect();
                }
            });
            this.thread = Thread.ofPlatform().name("publisher-" + id).unstarted(() -> {
                try {
                    for (int seq = 0; running.get(); seq++) {
                        c.publishWith().topic("$twin/things/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                                .payload(bytes("{\"seq\":" + seq + "}")).send();
                        acked.add(seq);
                        ackTimes.add(System.currentTimeMillis());
                        Thread.sleep(5);
                    }
                } catch (Throwable t) {
                    error = t;
                }
            });
        }
    }

    private void awaitReceived(String device, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.getOrDefault(device, List.of()).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static long maxGap(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        long max = 0;
        for (int i = 1; i < sorted.size(); i++) {
            max = Math.max(max, sorted.get(i) - sorted.get(i - 1));
        }
        return max;
    }

    private static long metric(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.Ee+]+)$").matcher(exposition);
        assertThat(m.find()).as(name + " on /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
