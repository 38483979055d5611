package io.twinhub.it.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.it.durability.NodeLab;
import io.twinhub.it.durability.NodeProcess;
import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL while devices update their shadows (node in a child process, durability sync). After
 * each restart every update whose {@code update/accepted} the device received is in its shadow,
 * and no version goes back. Random but seeded: {@code -Dshadow.seed=N} replays a run.
 */
class ShadowCrashTest {

    static final int ROUNDS = 3;
    static final int WINDOW = 8;
    static final List<String> DEVICES = List.of("crash-a", "crash-b", "crash-c");

    @RegisterExtension
    final NodeLab lab = new NodeLab();

    /** What a device's shadow is known to hold: its counter and version. */
    record Known(long counter, long version) { }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcceptedUpdateSurvivesKill9AndVersionsNeverGoBack() throws Exception {
        long seed = Long.getLong("shadow.seed", System.nanoTime());
        Random random = new Random(seed);
        log("seed " + seed + " (replay with -Dshadow.seed=" + seed + ")");

        NodeProcess node = lab.startNode("data");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String id : DEVICES) {
            tokens.put(id, register(node, id));
        }
        Map<String, Known> known = new LinkedHashMap<>();
        Map<String, Long> nextCounter = new LinkedHashMap<>();
        for (String id : DEVICES) {
            known.put(id, new Known(0, 0));
            nextCounter.put(id, 1L);
        }

        List<String> problems = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Map<String, CounterLoad> loads = new LinkedHashMap<>();
            for (int i = 0; i < DEVICES.size(); i++) {
                String id = DEVICES.get(i);
                Protocol protocol = i % 2 == 0 ? Protocol.MQTT_5 : Protocol.MQTT_3_1_1;
                ShadowClient c = lab.track(ShadowClient.connect(protocol, node.host(), node.port(), id, id, tokens.get(id)));
                loads.put(id, new CounterLoad(c, Shadow.twin(id), nextCounter.get(id), WINDOW).start());
            }
            long delay = 300 + random.nextInt(1201);
            Thread.sleep(delay);
            node.kill9();
            for (CounterLoad load : loads.values()) {
                load.stop();
            }
            node.start();

            StringBuilder summary = new StringBuilder("round " + round + " (seed " + seed + ", kill -9 after " + delay + " ms):");
            int acceptedInRound = 0;
            for (int i = 0; i < DEVICES.size(); i++) {
                String id = DEVICES.get(i);
                CounterLoad load = loads.get(id);
                problems.addAll(load.problems());
                List<CounterLoad.Accepted> accepted = load.accepted();
                acceptedInRound += accepted.size();
                Known before = known.get(id);
                Known after = readShadow(node, id, tokens.get(id), i % 2 == 0 ? Protocol.MQTT_3_1_1 : Protocol.MQTT_5);
                summary.append(String.format("%n  %s sent %d..%d, accepted %d, after restart counter %d version %d",
                        id, load.firstCounter(), load.lastSent(), accepted.size(), after.counter(), after.version()));
                problems.addAll(check(id, before, load, after));
                known.put(id, after);
                nextCounter.put(id, load.lastSent() + 1);
            }
            log(summary.toString());
            if (acceptedInRound == 0) {
                problems.add("round " + round + ": no update was accepted before the kill");
            }
            assertThat(problems).as(summary.toString()).isEmpty();
        }
        node.stop();
    }

    /**
     * What the shadow must show after the restart, given what it held before the round and what
     * the round's answers said.
     */
    private static List<String> check(String id, Known before, CounterLoad load, Known after) {
        List<String> problems = new ArrayList<>();
        List<CounterLoad.Accepted> accepted = load.accepted();
        // the last state the device knows for sure: its last accepted update, else the state before the round
        Known base = before;
        long firstUnanswered = load.firstCounter();
        if (!accepted.isEmpty()) {
            CounterLoad.Accepted first = accepted.getFirst();
            if (first.version() != before.version() + 1) {
                problems.add(id + ": first accepted update of the round has version " + first.version()
                        + ", the shadow had version " + before.version() + " before it");
            }
            CounterLoad.Accepted last = accepted.getLast();
            base = new Known(last.counter(), last.version());
            firstUnanswered = last.counter() + 1;
        }
        if (after.version() < base.version()) {
            problems.add(id + ": version went back from " + base.version() + " (accepted or read before) to " + after.version());
        }
        if (after.counter() < base.counter()) {
            problems.add(id + ": accepted counter " + base.counter() + " lost; the shadow says " + after.counter());
        }
        if (after.counter() > load.lastSent()) {
            problems.add(id + ": counter " + after.counter() + " was never sent (last sent " + load.lastSent() + ")");
        }
        // updates sent but unanswered before the kill may have been applied, but only as a prefix,
        // each adding exactly 1 to the version
        long applied = after.counter() == base.counter() ? 0 : after.counter() - firstUnanswered + 1;
        if (after.counter() != base.counter() && after.counter() < firstUnanswered) {
            problems.add(id + ": counter " + after.counter() + " is neither the last known " + base.counter()
                    + " nor one of the unanswered updates from " + firstUnanswered);
        } else if (after.version() != base.version() + applied) {
            problems.add(id + ": counter " + after.counter() + " with version " + after.version() + ", but from counter "
                    + base.counter() + " at version " + base.version() + " that is " + applied + " updates");
        }
        return problems;
    }

    /** The device's own get after the restart: its counter and version (0, 0 for no shadow). */
    private Known readShadow(NodeProcess node, String id, String token, Protocol protocol) {
        Shadow s = Shadow.twin(id);
        try (ShadowClient c = ShadowClient.connect(protocol, node.host(), node.port(), id, id, token)) {
            c.subscribed(s.topic("get/accepted"), s.topic("get/rejected"));
            c.request(s.topic("get"), Json.token("after-restart"));
            Answer a = c.next();
            if (a.is("get/rejected")) {
                assertThat(a.code()).as(a.toString()).isEqualTo(404);
                return new Known(0, 0);
            }
            JsonNode counter = a.body().at("/state/reported/counter");
            assertThat(counter.isIntegralNumber()).as("reported counter in " + a).isTrue();
            return new Known(counter.asLong(), a.version());
        }
    }

    /** Registers a device through the REST API with the admin token the node printed. */
    private static String register(NodeProcess node, String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/things"))
                .header("Authorization", "Bearer " + node.firstStartAdminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":" + Json.quote(id) + "}"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return Json.parse(response.body()).path("token").asText();
        }
    }

    private static void log(String line) {
        System.out.println("[ShadowCrashTest] " + line);
    }
}
