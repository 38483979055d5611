package io.twinhub.bench.cli;

import io.twinhub.bench.report.JsonReport;
import io.twinhub.bench.report.Summary;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.scenario.TelemetryQueryBench;
import io.twinhub.bench.server.ChildServer;
import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.server.ServerKind;
import io.twinhub.bench.server.TwinhubEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench telemetry-query}: query latency of a day of 1 Hz telemetry, in memory and from chunks. */
@Command(name = "telemetry-query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads one device with a day of 1 Hz readings of one key over the REST API, then times "
                + "1-minute averages of the day and the latest value,",
                "first while the points are in the node's memory buffers, then after it wrote them as chunks. "
                        + "Needs a twinhub node: --start twinhub, or --target with --api-url and --api-token."})
public final class TelemetryQueryCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--api-url", paramLabel = "URL", description = "With --target: the node's REST API, e.g. http://127.0.0.1:8080.")
    String apiUrl;

    @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:TWINHUB_TOKEN}",
            description = "With --target: an admin token (default: the TWINHUB_TOKEN environment variable).")
    String apiToken;

    @Option(names = "--points", paramLabel = "N", defaultValue = "86400",
            description = "Readings to load, one per second (default: ${DEFAULT-VALUE}, one day).")
    int points;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Readings per POST, at most 1000 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200",
            description = "Timed aggregate queries per phase (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--latest-queries", paramLabel = "N", defaultValue = "1000",
            description = "Timed latest-value queries per phase (default: ${DEFAULT-VALUE}).")
    int latestQueries;

    @Option(names = "--warmup-queries", paramLabel = "N", defaultValue = "50",
            description = "Untimed queries of each kind before each phase (default: ${DEFAULT-VALUE}).")
    int warmupQueries;

    @Option(names = "--flush-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "A started node's telemetry.flushInterval: long enough to load and query before the flush "
                    + "(default: ${DEFAULT-VALUE}).")
    int flushInterval;

    @Option(names = "--flush-wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "How long to wait for the flush after the in-memory phase (default: --flush-interval + 30 "
                    + "for a started node, 120 for --target).")
    int flushWait;

    @Option(names = "--device", paramLabel = "ID", description = "The thing to load (default: bench-tq-<run tag>; "
            + "created, or its token rotated if it exists).")
    String device;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result as JSON to FILE.")
    Path out;

    @Option(names = "--quiet", description = "No progress lines while loading and querying.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        target.validate();
        Bounds.range("--points", points, 1, 10_000_000);
        Bounds.range("--batch", batch, 1, 1000);
        Bounds.range("--queries", queries, 1, 100_000);
        Bounds.range("--latest-queries", latestQueries, 1, 1_000_000);
        Bounds.range("--warmup-queries", warmupQueries, 0, 100_000);
        Bounds.range("--flush-interval", flushInterval, 1, 3600);
        Bounds.range("--flush-wait", flushWait, 0, 3600);
        if (target.starts()) {
            Bounds.check(target.startKind() == ServerKind.TWINHUB, "telemetry-query needs a twinhub node");
            Bounds.check(apiUrl == null, "with --start twinhub the bench finds the REST API itself: --api-url is for --target");
        } else {
            Bounds.check(apiUrl != null && apiToken != null && !apiToken.isBlank(),
                    "with --target give --api-url and an admin --api-token");
        }
        PrintStream console = System.out;
        String id = device != null ? device : "bench-tq-" + RunContext.newRunTag();
        try (ServerHandle server = open()) {
            URI api;
            String token;
            if (server instanceof ChildServer child) {
                TwinhubEndpoints e = TwinhubEndpoints.await(child.log(), AccessOptions.ENDPOINTS_TIMEOUT_SECONDS);
                if (e.http() == null || e.adminToken() == null) {
                    throw new IllegalStateException("the started twinhub named no REST API or admin token; see " + child.log());
                }
                api = e.http();
                token = e.adminToken();
            } else {
                api = URI.create(apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl);
                token = apiToken;
            }
            console.println("bench: " + Invocation.command());
            console.println("server: " + server.name() + " REST API " + api + ", device " + id);
            int wait = flushWait > 0 ? flushWait : target.starts() ? flushInterval + 30 : 120;
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("device", id);
            config.put("points", points);
            config.put("batch", batch);
            config.put("queries", queries);
            config.put("latest_queries", latestQueries);
            config.put("warmup_queries", warmupQueries);
            config.put("flush_interval_s", target.starts() ? flushInterval : "(the node's own)");
            config.put("flush_wait_s", wait);
            config.put("server_args", target.twinhubArgs.isBlank() ? "(defaults: durability sync)" : target.twinhubArgs);
            TelemetryQueryBench.Plan plan = new TelemetryQueryBench.Plan(id, points, batch, queries, latestQueries,
                    warmupQueries, wait, config);
            PrintStream progress = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : console;
            RunResult result = new TelemetryQueryBench(plan, api, token, progress).run(server.name());
            Summary.print(result, console);
            if (out != null) {
                JsonReport.writeRun(out, result, server);
                console.println("result written to " + out);
            }
            return result.valid() ? 0 : 1;
        }
    }

    /** A started node gets a config file with the flush interval (there is no command-line option for it). */
    private ServerHandle open() throws Exception {
        if (!target.starts()) {
            return target.open();
        }
        Path config = target.runDirectory().resolve("twinhub-telemetry-query.yaml");
        Files.write(config, List.of("# written by twinhub bench telemetry-query", "telemetry:",
                "  flushInterval: " + flushInterval + "s"));
        return target.open(List.of("--config", config.toString()));
    }
}
