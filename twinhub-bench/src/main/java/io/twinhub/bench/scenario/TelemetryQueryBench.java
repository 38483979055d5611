package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.access.HubApi;
import io.twinhub.bench.access.NodeMetrics;
import io.twinhub.bench.access.PlainHttp;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.Rates;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench telemetry-query}: one device's day of 1 Hz readings for one key, loaded over the
 * REST API, then queried as 1-minute averages and as its latest value, one request at a time over
 * one keep-alive connection. Measured twice: right after loading, while the points are in the
 * node's memory buffers, and after the node wrote them as chunks (its flush, seen on
 * {@code /metrics}). Latency is request written → answer read in full.
 */
public final class TelemetryQueryBench {

    /** 2025-01-01T00:00:00Z: the day the points are stamped with (any fixed day in the past does). */
    public static final long DAY_START = 1_735_689_600_000L;
    private static final String KEY = "temp";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLUSHED = TelemetryTally.PREFIX + "flushed_points_total";

    /**
     * @param points     readings to load, one per second from {@link #DAY_START}
     * @param batch      readings per POST (the hub takes at most 1,000 points per payload)
     * @param queries    timed aggregate queries per phase
     * @param latest     timed latest-value queries per phase
     * @param warmup     untimed queries of each kind before each phase
     * @param flushWaitSeconds how long to wait for the node to write the points as chunks
     */
    public record Plan(String device, int points, int batch, int queries, int latest, int warmup,
                       int flushWaitSeconds, Map<String, Object> config) { }

    private final Plan plan;
    private final URI api;
    private final String token;
    private final NodeMetrics metrics;
    private final PrintStream out;

    public TelemetryQueryBench(Plan plan, URI api, String adminToken, PrintStream out) {
        this.plan = plan;
        this.api = api;
        this.token = adminToken;
        this.metrics = new NodeMetrics(api, adminToken);
        this.out = out;
    }

    public RunResult run(String serverName) throws IOException, InterruptedException {
        RunResult result = new RunResult("telemetry-query", serverName);
        result.config().putAll(plan.config());
        long to = DAY_START + plan.points() * 1000L;
        int buckets = (int) Math.min(1440, (plan.points() + 59) / 60);
        String aggregate = base() + "?keys=" + KEY + "&from=" + DAY_START + "&to=" + to
                + "&agg=avg&interval=60000&limit=1440";
        String latest = base() + "/latest?keys=" + KEY;
        result.details().put("aggregate_query", aggregate);
        result.details().put("latest_query", latest);

        new HubApi(api, token).createDevice(plan.device());
        double flushedBefore = flushed();
        long loadNanos = load();
        result.figure("load_rate", "points loaded over HTTP (POST, " + plan.batch() + " per request)", "points/s",
                Rates.perSecond(plan.points(), loadNanos), true);
        out.printf("loaded %,d points in %.2f s%n", plan.points(), loadNanos / 1e9);

        try (PlainHttp http = new PlainHttp(api, token)) {
            Map<String, Object> memory = phase(result, "memory", http, aggregate, latest, buckets, to);
            double flushedDuring = flushed() - flushedBefore;
            memory.put("points_flushed_before_the_phase_ended", Math.round(flushedDuring));
            result.details().put("memory", memory);
            if (flushedDuring > 0) {
                result.note(Math.round(flushedDuring) + " points were written as chunks before the in-memory phase "
                        + "ended (the node's flush interval is shorter than loading and querying took): "
                        + "the 'memory' figures are partly from chunks");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.flushWaitSeconds());
            out.printf("waiting up to %d s for the node to write the points as chunks…%n", plan.flushWaitSeconds());
            while (flushed() - flushedBefore < plan.points() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (flushed() - flushedBefore < plan.points()) {
                result.invalidate("the node did not write the points as chunks within " + plan.flushWaitSeconds()
                        + " s (its telemetry.flushInterval is longer?): no 'chunks' figures");
                return result;
            }
            result.details().put("chunks", phase(result, "chunks", http, aggregate, latest, buckets, to));
        }
        return result;
    }

    private String base() {
        return "/api/v1/things/" + plan.device() + "/telemetry";
    }

    private double flushed() throws IOException, InterruptedException {
        return metrics.read(FLUSHED).getOrDefault(FLUSHED, 0.0);
    }

    /** POSTs the readings in arrays of {@code batch} timestamped objects; returns the time it took. */
    private long load() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = api.resolve(base());
        long t0 = System.nanoTime();
        for (int first = 0; first < plan.points(); first += plan.batch()) {
            String body = readings(first, Math.min(plan.points(), first + plan.batch()));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IOException("POST " + uri + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
        return System.nanoTime() - t0;
    }

    /** {@code [{"ts":…,"values":{"temp":21.37}},…]} for readings {@code from} (inclusive) to {@code to}. */
    static String readings(int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 48).append('[');
        for (int i = from; i < to; i++) {
            // A slow daily swing plus a little noise, two decimals: 18.00 … 25.99
            int centi = 1800 + (int) (300 * (1 + Math.sin(2 * Math.PI * i / 86_400.0))) + (i * 37) % 200;
            b.append(i == from ? "" : ",").append("{\"ts\":").append(DAY_START + i * 1000L)
                    .append(",\"values\":{\"" + KEY + "\":").append(centi / 100).append('.')
                    .append((char) ('0' + centi / 10 % 10)).append((char) ('0' + centi % 10)).append("}}");
        }
        return b.append(']').toString();
    }

    private Map<String, Object> phase(RunResult result, String name, PlainHttp http, String aggregate, String latest,
                                      int buckets, long to) throws IOException {
        for (int i = 0; i < plan.warmup(); i++) {
            check(http.get(aggregate), aggregate);
            check(http.get(latest), latest);
        }
        Histogram agg = timed(http, aggregate, plan.queries());
        JsonNode a = JSON.readTree(check(http.get(aggregate), aggregate).body());
        int answered = a.path(KEY).size();
        Histogram last = timed(http, latest, plan.latest());
        JsonNode l = JSON.readTree(check(http.get(latest), latest).body());
        long latestTs = l.path(KEY).path("ts").asLong(-1);
        if (answered != buckets) {
            result.invalidate(name + ": the aggregate query answered " + answered + " buckets, not " + buckets);
        }
        if (latestTs != to - 1000) {
            result.invalidate(name + ": the latest value has ts " + latestTs + ", not " + (to - 1000));
        }
        String label = name.equals("memory") ? "in memory" : "from chunks";
        figures(result, "agg_" + name, "1-min avg of a day, " + label, agg);
        figures(result, "latest_" + name, "latest value, " + label, last);
        out.printf(Locale.ROOT, "%s: aggregate p50 %.3f p99 %.3f max %.3f ms (%d buckets); latest p50 %.3f p99 %.3f "
                        + "max %.3f ms%n", name, Latency.percentileMillis(agg, 50), Latency.percentileMillis(agg, 99),
                Latency.maxMillis(agg), answered, Latency.percentileMillis(last, 50), Latency.percentileMillis(last, 99),
                Latency.maxMillis(last));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("buckets_answered", answered);
        d.put("aggregate_answer_bytes", a.toString().length());
        d.put("latest_ts", latestTs);
        d.put("aggregate_latency_ms", Histograms.summary(agg));
        d.put("latest_latency_ms", Histograms.summary(last));
        return d;
    }

    private static Histogram timed(PlainHttp http, String path, int n) throws IOException {
        Histogram h = Latency.newHistogram();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            PlainHttp.Answer a = http.get(path);
            h.recordValue(Latency.clamp(System.nanoTime() - t0));
            check(a, path);
        }
        return h;
    }

    private static PlainHttp.Answer check(PlainHttp.Answer a, String path) throws IOException {
        if (a.status() != 200) {
            throw new IOException("GET " + path + ": HTTP " + a.status() + " " + a.text());
        }
        return a;
    }

    private static void figures(RunResult result, String key, String label, Histogram h) {
        result.figure(key + "_p50", label + " p50", "ms", Latency.percentileMillis(h, 50), false);
        result.figure(key + "_p99", label + " p99", "ms", Latency.percentileMillis(h, 99), false);
        result.figure(key + "_max", label + " max", "ms", Latency.maxMillis(h), false);
    }
}
