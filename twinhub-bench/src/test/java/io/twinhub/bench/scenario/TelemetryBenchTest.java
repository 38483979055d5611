package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.bench.discard.DiscardServer;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short telemetry runs through the real command line against an in-process node (durability
 * sync, anonymous devices on loopback, a 3 s flush interval so the query bench sees its points
 * written as chunks quickly): the fleet's payloads must be stored, not rejected, and the query
 * bench must get a full day of 1-minute buckets from memory and from chunks.
 */
@Timeout(180)
class TelemetryBenchTest {

    @TempDir
    static Path dir;

    private static TwinhubNode node;
    private static String target;
    private static String api;
    private static String adminToken;

    @BeforeAll
    static void startNode() throws Exception {
        NodeConfig.Telemetry t = NodeConfig.Telemetry.defaults();
        NodeConfig config = NodeConfig.forTest(dir.resolve("data")).withTelemetry(new NodeConfig.Telemetry(t.shards(),
                t.bucket(), t.flushPoints(), Duration.ofSeconds(3), t.maxQueuedBytes(), t.deviceRateLimit(),
                t.maxPointsPerPayload(), t.retention(), t.maxQueryLimit()));
        node = BenchRuns.startNode(config);
        target = BenchRuns.mqttTarget(node);
        api = "http://127.0.0.1:" + node.httpAddress().orElseThrow().getPort();
        adminToken = node.bootstrapAdminToken().orElseThrow();
    }

    @AfterAll
    static void stopNode() {
        BenchRuns.stop(node);
    }

    @Test
    void qos1DevicesInClosedLoopHaveEveryPointStored() throws Exception {
        JsonNode r = BenchRuns.run(dir, "fleet-qos1", "fleet", "--target", target, "--api-url", api,
                "--devices", "20", "--points", "10", "--qos", "1", "--telemetry-hz", "0", "--consumers", "0",
                "--warmup", "1", "--duration", "2");
        long confirmed = r.at("/details/confirmed").asLong();
        assertThat(confirmed).isPositive();
        // QoS 1 is acknowledged only once stored: every confirmed payload's ten points are there.
        assertThat(r.at("/details/telemetry/points_stored").asLong()).isEqualTo(confirmed * 10);
        assertThat(r.at("/details/telemetry/payloads_dropped/invalid").asLong()).isZero();
        assertThat(r.at("/figures/payloads_dropped/value").asLong()).isZero();
        assertThat(r.at("/figures/points_rate/value").asDouble()).isPositive();
        assertThat(r.at("/figures/stored_pct/value").asDouble()).isEqualTo(100.0);
    }

    @Test
    void qos0DevicesWithAConsumerAreStoredAndDelivered() throws Exception {
        JsonNode r = BenchRuns.run(dir, "fleet-qos0", "fleet", "--target", target, "--api-url", api,
                "--devices", "10", "--points", "3", "--qos", "0", "--telemetry-hz", "50", "--consumers", "1",
                "--warmup", "1", "--duration", "2");
        long confirmed = r.at("/details/confirmed").asLong();
        assertThat(confirmed).isPositive();
        // Open loop: the warm-up runs straight into the measured window, so the warm-up payloads
        // still on their way to the store or the consumer at the switch are counted in it.
        long inTransit = confirmed / 10;
        assertThat(r.at("/details/telemetry/points_stored").asLong()).isBetween(confirmed * 3, (confirmed + inTransit) * 3);
        assertThat(r.at("/details/telemetry/payloads_dropped/invalid").asLong()).isZero();
        // The stamps are points too: the consumer can check order and gaps and time the delivery.
        assertThat(r.at("/details/received").asLong()).isBetween(confirmed, confirmed + inTransit);
        assertThat(r.at("/details/gaps").asLong()).isZero();
        assertThat(r.at("/figures/e2e_p50/value").asDouble()).isPositive();
    }

    @Test
    void aServerThatStoresNothingReportsPointsBrokered() throws Exception {
        try (DiscardServer discard = DiscardServer.start("127.0.0.1", 0, 1, false)) {
            JsonNode r = BenchRuns.run(dir, "fleet-discard", "fleet", "--target",
                    "127.0.0.1:" + discard.address().getPort(), "--devices", "5", "--points", "10", "--qos", "1",
                    "--telemetry-hz", "0", "--consumers", "0", "--warmup", "0", "--duration", "1");
            assertThat(r.at("/details/telemetry/points_confirmed").asLong())
                    .isEqualTo(r.at("/details/confirmed").asLong() * 10);
            assertThat(r.at("/figures/points_rate/value").asDouble()).isPositive();
            assertThat(r.at("/figures/stored_pct").isMissingNode()).isTrue();
            assertThat(r.get("notes").toString()).contains("stores nothing");
        }
    }

    @Test
    void queryBenchAnswersADayOfMinuteBucketsFromMemoryAndFromChunks() throws Exception {
        JsonNode r = BenchRuns.run(dir, "query", "telemetry-query", "--target", target, "--api-url", api,
                "--api-token", adminToken, "--queries", "5", "--latest-queries", "10", "--warmup-queries", "1",
                "--flush-wait", "30");
        assertThat(r.at("/details/memory/buckets_answered").asInt()).isEqualTo(1440);
        assertThat(r.at("/details/chunks/buckets_answered").asInt()).isEqualTo(1440);
        assertThat(r.at("/details/chunks/latest_ts").asLong())
                .isEqualTo(TelemetryQueryBench.DAY_START + 86_399_000L);
        assertThat(r.at("/details/memory/aggregate_latency_ms/count").asLong()).isEqualTo(5);
        assertThat(r.at("/details/chunks/latest_latency_ms/count").asLong()).isEqualTo(10);
        assertThat(r.at("/figures/agg_chunks_p99/value").asDouble()).isPositive();
        assertThat(r.at("/figures/load_rate/value").asDouble()).isPositive();
    }
}
