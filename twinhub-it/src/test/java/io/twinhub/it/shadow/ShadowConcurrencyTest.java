package io.twinhub.it.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.twinhub.it.shadow.Json.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic concurrency: several clients read a shadow's version and update with it. For each
 * version exactly one update wins; the others get 409; every winner's change is in the shadow.
 */
class ShadowConcurrencyTest extends ShadowNodeTest {

    static final int RACERS = 4;
    static final int ATTEMPTS = 15;

    /** What one update of one racer came to. */
    record Outcome(String key, boolean accepted, long version, int code) { }

    @Test
    void racingVersionedUpdatesAcceptExactlyOnePerVersion() throws Exception {
        things.register("pump-1");
        Shadow s = Shadow.twin("pump-1");
        String filter = s.all();
        AccessRules rules = new AccessRules(List.of(s.topic("+")), List.of(filter), List.of("pump-1"));
        String secret = node.node().security().applications().create("planner", rules).secret();

        List<ShadowClient> racers = new ArrayList<>();
        for (int r = 0; r < RACERS; r++) {
            Protocol p = r % 2 == 0 ? Protocol.MQTT_5 : Protocol.MQTT_3_1_1;
            racers.add(things.track(ShadowClient.connect(p, node.host(), node.port(), "planner-" + r, "planner", secret))
                    .subscribed(s.topic("get/accepted"), s.topic("update/accepted"), s.topic("update/rejected")));
        }
        racers.getFirst().request(s.topic("update"), Json.update("{\"start\":true}", null, "start"));
        assertThat(racers.getFirst().next(a -> "start".equals(a.clientToken()), "start").version()).isEqualTo(1);

        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int r = 0; r < RACERS; r++) {
            ShadowClient c = racers.get(r);
            int racer = r;
            done.add(CompletableFuture.runAsync(() -> race(c, s, racer, go, outcomes), pool));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pool.shutdown();

        List<Outcome> accepted = outcomes.stream().filter(Outcome::accepted).toList();
        List<Outcome> refused = outcomes.stream().filter(o -> !o.accepted()).toList();
        System.out.println("[ShadowConcurrencyTest] " + accepted.size() + " accepted, " + refused.size() + " refused with 409");
        assertThat(outcomes).hasSize(RACERS * ATTEMPTS);
        assertThat(refused).allSatisfy(o -> assertThat(o.code()).as(o.toString()).isEqualTo(409));
        TreeSet<Long> versions = new TreeSet<>();
        for (Outcome o : accepted) {
            assertThat(versions.add(o.version())).as("version " + o.version() + " accepted twice").isTrue();
        }
        if (!accepted.isEmpty()) {
            assertThat(versions.first()).isEqualTo(2);
            assertThat(versions.last()).isEqualTo(1 + accepted.size());
        }

        ShadowClient reader = racers.getFirst();
        reader.request(s.topic("get"), token("final"));
        Answer last = reader.next(a -> "final".equals(a.clientToken()), "final get");
        assertThat(last.version()).isEqualTo(1 + accepted.size());
        JsonNode desired = last.body().at("/state/desired");
        List<String> keys = new ArrayList<>();
        desired.fieldNames().forEachRemaining(keys::add);
        List<String> expected = new ArrayList<>(accepted.stream().map(Outcome::key).toList());
        expected.add("start");
        assertThat(keys).as("exactly the accepted updates are in the shadow").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Get the version, update with it, for each attempt; every update's key is unique. */
    private static void race(ShadowClient c, Shadow s, int racer, CountDownLatch go, List<Outcome> outcomes) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String getToken = "g" + racer + "-" + attempt;
            c.request(s.topic("get"), token(getToken));
            long version = c.next(a -> getToken.equals(a.clientToken()), getToken).version();
            String key = "r" + racer + "a" + attempt;
            String updateToken = "u" + racer + "-" + attempt;
            c.request(s.topic("update"), "{\"state\":{\"desired\":{\"" + key + "\":" + attempt + "}},\"version\":"
                    + version + ",\"clientToken\":\"" + updateToken + "\"}");
            Answer a = c.next(x -> updateToken.equals(x.clientToken()) && x.isVerdict(), updateToken);
            outcomes.add(new Outcome(key, a.is("update/accepted"), a.version(), a.is("update/accepted") ? 200 : a.code()));
        }
    }
}
