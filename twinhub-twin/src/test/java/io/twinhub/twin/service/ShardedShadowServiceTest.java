package io.twinhub.twin.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.message.Message;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.store.RocksBrokerStore;
import io.twinhub.store.StoreSettings;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.ShadowService;
import io.twinhub.twin.model.ShadowLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ShardedShadowServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ShadowRef LAMP = ShadowRef.classic("lamp-1");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private ShardedShadowService service(BrokerStore store) {
        open.add(store);
        Broker broker = new Broker(BrokerLimits.defaults(), store);
        ShardedShadowService s = new ShardedShadowService(store, broker.router(),
                new ShadowSettings(ShadowLimits.DEFAULT, 2, 1000), System::currentTimeMillis);
        open.add(s);
        return s;
    }

    private static ShadowReply call(ShadowService s, ShadowRef ref, ShadowOperation op, String body, long version) {
        return s.request(ref, op, body.getBytes(StandardCharsets.UTF_8), version).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUpdateIsReadBackWithItsVersionAndADeleteKeepsTheVersionCounting() {
        ShardedShadowService s = service(new MemoryStore());
        assertThat(call(s, LAMP, ShadowOperation.GET, "", -1).status()).isEqualTo(404);

        ShadowReply first = call(s, LAMP, ShadowOperation.UPDATE, "{\"state\":{\"desired\":{\"on\":true}}}", -1);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.version()).isEqualTo(1);
        ShadowReply read = call(s, LAMP, ShadowOperation.GET, "", -1);
        assertThat(json(read.body()).at("/state/delta/on").asBoolean()).isTrue();
        assertThat(json(read.body()).get("version").asLong()).isEqualTo(1);

        assertThat(call(s, LAMP, ShadowOperation.DELETE, "", -1).status()).isEqualTo(200);
        assertThat(call(s, LAMP, ShadowOperation.GET, "", -1).status()).isEqualTo(404);
        assertThat(s.names("lamp-1").join()).isEmpty();
        ShadowReply again = call(s, LAMP, ShadowOperation.UPDATE, "{\"state\":{\"reported\":{\"on\":false}}}", -1);
        assertThat(again.version()).as("continues from the deleted version").isEqualTo(2);
        assertThat(s.names("lamp-1").join()).containsExactly("");
    }

    @Test
    void racingWritersWithVersionsWinOncePerVersionAndLoseNoUpdate() throws Exception {
        ShardedShadowService s = service(new MemoryStore());
        call(s, LAMP, ShadowOperation.UPDATE, "{\"state\":{\"reported\":{\"start\":1}}}", -1);
        int writers = 6;
        int attemptsEach = 40;
        AtomicInteger accepted = new AtomicInteger();
        List<String> winners = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int a = 0; a < attemptsEach; a++) {
                        long version = json(call(s, LAMP, ShadowOperation.GET, "", -1).body()).get("version").asLong();
                        String key = "w" + writer + "_" + a;
                        ShadowReply r = call(s, LAMP, ShadowOperation.UPDATE,
                                "{\"state\":{\"reported\":{\"" + key + "\":" + version + "}},\"version\":" + version + "}", -1);
                        if (r.status() == 200) {
                            accepted.incrementAndGet();
                            winners.add(key);
                            assertThat(r.version()).isEqualTo(version + 1);
                        } else {
                            assertThat(r.status()).isEqualTo(409);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode doc = json(call(s, LAMP, ShadowOperation.GET, "", -1).body());
        assertThat(doc.get("version").asLong()).isEqualTo(1 + accepted.get());
        JsonNode reported = doc.at("/state/reported");
        for (String key : winners) {
            assertThat(reported.has(key)).as("accepted update %s is in the shadow", key).isTrue();
        }
        // each version was won exactly once: the winners' recorded base versions are all different
        List<Long> bases = winners.stream().map(k -> reported.get(k).asLong()).sorted().toList();
        assertThat(bases).doesNotHaveDuplicates().hasSize(accepted.get());
    }

    @Test
    void acceptedUpdatesSurviveAStoreRestart() {
        RocksBrokerStore store = RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve("data")));
        ShardedShadowService s = service(store);
        ShadowRef named = new ShadowRef("lamp-1", "firmware");
        for (int i = 1; i <= 20; i++) {
            assertThat(call(s, named, ShadowOperation.UPDATE, "{\"state\":{\"reported\":{\"n\":" + i + "}}}", -1).status())
                    .isEqualTo(200);
        }
        call(s, LAMP, ShadowOperation.UPDATE, "{\"state\":{\"desired\":{\"on\":true}}}", -1);
        s.close();
        store.close();

        ShardedShadowService reopened = service(RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve("data"))));
        JsonNode doc = json(call(reopened, named, ShadowOperation.GET, "", -1).body());
        assertThat(doc.get("version").asLong()).isEqualTo(20);
        assertThat(doc.at("/state/reported/n").asInt()).isEqualTo(20);
        assertThat(reopened.names("lamp-1").join()).containsExactly("", "firmware");
    }

    @Test
    void mqttRequestsAreAnsweredOnTheirPrefixAndChangesAnnouncedOnBoth() {
        ShardedShadowService s = service(new MemoryStore());
        assertThat(s.isRequest("$aws/things/lamp-1/shadow/update")).isTrue();
        assertThat(s.isRequest("$twin/things/lamp-1/shadow/name/fw/get")).isTrue();
        assertThat(s.isRequest("$twin/things/lamp-1/telemetry")).isFalse();
        assertThat(s.isAnswer("$twin/things/lamp-1/shadow/update/delta")).isTrue();
        assertThat(s.isAnswer("$twin/things/lamp-1/shadow/update")).isFalse();

        CompletableFuture<List<Message>> answers = new CompletableFuture<>();
        s.request("$aws/things/lamp-1/shadow/update",
                "{\"state\":{\"desired\":{\"on\":true}},\"clientToken\":\"t1\"}".getBytes(StandardCharsets.UTF_8),
                answers::complete);
        List<String> topics = answers.orTimeout(10, TimeUnit.SECONDS).join().stream().map(Message::topic).toList();
        assertThat(topics).containsExactly(
                "$aws/things/lamp-1/shadow/update/accepted",
                "$twin/things/lamp-1/shadow/update/documents",
                "$aws/things/lamp-1/shadow/update/documents",
                "$twin/things/lamp-1/shadow/update/delta",
                "$aws/things/lamp-1/shadow/update/delta");

        List<Message> refused = s.refusal("$twin/things/lamp-1/shadow/get", "{\"clientToken\":\"t2\"}".getBytes(
                StandardCharsets.UTF_8), 429, "Too many requests in flight");
        assertThat(refused).extracting(Message::topic).containsExactly("$twin/things/lamp-1/shadow/get/rejected");
        JsonNode body = json(refused.get(0).payload().toByteArray());
        assertThat(body.get("code").asInt()).isEqualTo(429);
        assertThat(body.get("clientToken").asText()).isEqualTo("t2");
    }
}
