package io.twinhub.it.telemetry;

import io.twinhub.it.HubApi;
import io.twinhub.it.RunningNode;
import io.twinhub.it.shadow.ShadowClient;
import io.twinhub.it.shadow.Things;
import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded flood far above what the store takes (telemetry queue bound 16 KiB, RocksDB with
 * sync durability): QoS 0 publishers flood while QoS 1 publishers send. The QoS 1 publishers are
 * slowed, never refused, and every point they had acknowledged is stored; QoS 0 payloads are
 * either stored or counted as dropped for overload, none vanishes uncounted; and what waited for
 * the store at once stayed a small fraction of the flood.
 */
class TelemetryOverloadTest {

    static final long QUEUE_BOUND = 16 * 1024;
    static final int FLOODERS = 4;
    static final int FLOOD_PAYLOADS = 5_000;
    static final int STEADY = 2;
    static final int STEADY_PAYLOADS = 1_000;
    static final long T0 = 1_700_000_000_000L;

    @RegisterExtension
    @Order(1)
    final RunningNode node = RunningNode.configured(c -> {
        NodeConfig.Telemetry t = c.telemetry();
        return c.withAuth(c.auth().withAnonymous("off")).withTelemetry(new NodeConfig.Telemetry(t.shards(), t.bucket(),
                20_000, t.flushInterval(), QUEUE_BOUND, 0, t.maxPointsPerPayload(), t.retention(), t.maxQueryLimit()));
    });

    @RegisterExtension
    @Order(2)
    final Things things = new Things(node);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void floodIsShedCountedAndBoundedWhileQoS1IsSlowedNotFailed() throws Exception {
        HubApi api = new HubApi(node.node().httpAddress().orElseThrow().getPort());
        List<ShadowClient> flooders = new ArrayList<>();
        for (int f = 0; f < FLOODERS; f++) {
            flooders.add(things.device(ShadowClient.Protocol.MQTT_3_1_1, "flood-" + f));
        }
        List<ShadowClient> steady = new ArrayList<>();
        for (int s = 0; s < STEADY; s++) {
            steady.add(things.device(ShadowClient.Protocol.MQTT_5, "steady-" + s));
        }
        long floodBytes = 0;
        List<CompletableFuture<Integer>> floodSent = new ArrayList<>();
        List<CompletableFuture<Integer>> acknowledged = new ArrayList<>();
        for (int i = 0; i < Math.max(FLOOD_PAYLOADS, STEADY_PAYLOADS); i++) {
            for (int f = 0; f < FLOODERS && i < FLOOD_PAYLOADS; f++) {
                byte[] p = floodPayload(i);
                floodBytes += p.length;
                floodSent.add(flooders.get(f).publishAsync("$twin/things/flood-" + f + "/telemetry", p, 0));
            }
            for (int s = 0; s < STEADY && i < STEADY_PAYLOADS; s++) {
                byte[] p = ("{\"ts\":" + (T0 + i) + ",\"values\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8);
                acknowledged.add(steady.get(s).publishAsync("$twin/things/steady-" + s + "/telemetry", p, 1));
            }
        }
        CompletableFuture.allOf(floodSent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> ack : acknowledged) {
            assertThat(ack.get(60, TimeUnit.SECONDS)).as("QoS 1 PUBACK reason").isZero();
        }
        for (int s = 0; s < STEADY; s++) {
            HubApi.Answer a = api.get("/api/v1/things/steady-" + s + "/telemetry?keys=n&limit=100000", things.adminToken());
            assertThat(a.body().path("n")).as("acknowledged points of steady-%d", s).hasSize(STEADY_PAYLOADS);
        }

        // Every QoS 0 payload is stored or counted as dropped, once the node has taken them all.
        long sent = (long) FLOODERS * FLOOD_PAYLOADS + (long) STEADY * STEADY_PAYLOADS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double stored;
        double dropped;
        String metrics;
        do {
            Thread.sleep(100);
            metrics = api.text("/metrics");
            stored = value(metrics, "twinhub_telemetry_payloads_stored_total");
            dropped = value(metrics, "twinhub_telemetry_payloads_dropped_total\\{reason=\"overload\"\\}");
        } while (stored + dropped < sent && System.nanoTime() < deadline);
        assertThat(stored + dropped).as("stored %s + dropped %s", stored, dropped).isEqualTo((double) sent);
        assertThat(dropped).as("the flood was above what the store takes: QoS 0 was shed").isPositive();
        double peak = value(metrics, "twinhub_telemetry_queued_bytes_peak");
        System.out.printf("[TelemetryOverloadTest] sent %d payloads (%d flood bytes): stored %.0f, dropped for overload %.0f,"
                + " at most %.0f bytes waiting at once%n", sent, floodBytes, stored, dropped, peak);
        assertThat(peak).as("most bytes waiting at once, of a flood of %d", floodBytes).isLessThan(1024 * 1024);
        assertThat(peak).isLessThan(floodBytes / 8.0);
    }

    private static byte[] floodPayload(int i) {
        StringBuilder b = new StringBuilder("{\"ts\":").append(T0 + i).append(",\"values\":{");
        for (int k = 0; k < 20; k++) {
            b.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(i + k * 0.5);
        }
        return b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
