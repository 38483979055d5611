package io.twinhub.bench.cli;

import io.twinhub.bench.access.NodeMetrics;
import io.twinhub.bench.client.PublisherSettings;
import io.twinhub.bench.client.TelemetryPayload;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.ClientIds;
import io.twinhub.bench.scenario.PublishEngine;
import io.twinhub.bench.scenario.PublishPlan;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.scenario.TelemetryTally;
import io.twinhub.bench.server.ChildServer;
import io.twinhub.bench.server.TwinhubEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench fleet}: what a fleet of real devices does. Today that is telemetry only; shadow
 * updates have their own scenario ({@code bench shadow}), commands are not built yet.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N devices keep their keep-alive and send JSON telemetry (--points per payload) at a fixed rate, "
                + "or as fast as they can, to $twin/things/{id}/telemetry;", "M consumers subscribe to "
                + "$twin/things/+/telemetry. Against twinhub, points stored are counted from its /metrics."})
public final class FleetCommand extends ScenarioCommand {

    static final String CAPABILITIES_NOTE = "fleet: shadow reports OFF and commands OFF — this run is telemetry + "
            + "keep-alive only; 'bench shadow' measures shadow updates, and twinhub has no commands yet";

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--telemetry-hz", paramLabel = "HZ", defaultValue = "5",
            description = "Telemetry messages per second per device; 0 = closed loop, as fast as --inflight and the "
                    + "socket allow (default: ${DEFAULT-VALUE}).")
    double hz;

    @Option(names = "--points", paramLabel = "N", defaultValue = "6",
            description = "Points per payload, 1 to 1000: the send time, device and sequence (as far as they fit), "
                    + "then sensor readings (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "With --target twinhub: its REST API, e.g. http://127.0.0.1:8080, to count stored points on "
                    + "/metrics (a started twinhub is found by itself).")
    String apiUrl;

    @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:TWINHUB_TOKEN}",
            description = "A token for /metrics, if the node requires one (default: the TWINHUB_TOKEN environment variable).")
    String apiToken;

    @Option(names = "--qos", paramLabel = "0|1|2", defaultValue = "1", description = "Telemetry QoS (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--consumers", paramLabel = "M", defaultValue = "1",
            description = "Backend consumers subscribed to all telemetry (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "30",
            description = "Device keep-alive (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "0",
            description = "Per device: QoS 1/2 telemetry awaiting its ack (default: 32); QoS 0 telemetry not yet "
                    + "confirmed by a PINGRESP (default: 1024). With thousands of closed-loop QoS 0 devices, keep it "
                    + "small (e.g. 32): devices × window messages may sit in socket buffers.")
    int inflight;

    int window() {
        return inflight > 0 ? inflight : qos == 0 ? 1024 : 32;
    }

    @Override
    void validateScenario() {
        Bounds.range("--devices", devices, 1, Bounds.MAX_CONNECTIONS);
        Bounds.range("--consumers", consumers, 0, Bounds.MAX_SUBSCRIBERS);
        Bounds.check(devices + consumers <= Bounds.MAX_CONNECTIONS_PER_PROCESS,
                "devices + consumers above " + Bounds.MAX_CONNECTIONS_PER_PROCESS + " needs more than one generator "
                        + "process (open-file limit 20,000), which this version does not do yet");
        Bounds.range("--telemetry-hz", hz, 0, 1000);
        Bounds.check(hz == 0 || hz >= 0.01, "--telemetry-hz must be 0 (closed loop) or at least 0.01");
        Bounds.range("--points", points, 1, TelemetryPayload.MAX_POINTS);
        if (apiUrl != null) {
            new NodeMetrics(URI.create(apiUrl), apiToken);
        }
        Bounds.check(devices * hz <= Bounds.MAX_RATE, "devices × telemetry-hz above " + Bounds.MAX_RATE);
        Bounds.range("--qos", qos, 0, 2);
        Bounds.range("--keep-alive", keepAlive, 0, 65_535);
        Bounds.range("--inflight", inflight, 0, 32_768);
    }

    @Override
    List<String> preamble() {
        return List.of(CAPABILITIES_NOTE);
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException, IOException {
        TelemetryPayload payload = new TelemetryPayload(points);
        NodeMetrics metrics = metrics(ctx);
        PublishPlan plan = plan(ctx, payload);
        plan.config().put("points_counted", metrics != null ? "stored, from " + metrics.uri()
                : "confirmed messages × points (the server reports no stored points)");
        return new PublishEngine(plan, ctx, new TelemetryTally(points, metrics)).run();
    }

    /** Where the node's counters are: --api-url, or the log of a twinhub the bench started; null for other servers. */
    private NodeMetrics metrics(RunContext ctx) throws IOException, InterruptedException {
        if (apiUrl != null) {
            return new NodeMetrics(URI.create(apiUrl), apiToken);
        }
        if (ctx.server() instanceof ChildServer child && child.name().equals("twinhub")) {
            URI http = TwinhubEndpoints.await(child.log(), 30).http();
            return http == null ? null : new NodeMetrics(http, apiToken);
        }
        return null;
    }

    PublishPlan plan(RunContext ctx, TelemetryPayload payload) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("mode", hz > 0 ? "open-loop" : "closed-loop");
        config.put("telemetry_hz", hz);
        config.put("points_per_payload", points);
        config.put("qos", qos);
        config.put("consumers", consumers);
        config.put("keep_alive_s", keepAlive);
        config.put("inflight", window());
        config.put("payload_bytes", payload.bytes().length);
        config.put("shadow_reports", "off (capability not built)");
        config.put("commands", "off (capability not built)");
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("warmup_s", ctx.warmupSeconds());
        config.put("duration_s", ctx.durationSeconds());
        String tag = ctx.runTag();
        PublisherSettings settings = new PublisherSettings(qos, window(), 4096,
                hz, devices, 0, 0);
        return new PublishPlan("fleet", devices, consumers, false, settings,
                i -> "$twin/things/" + ClientIds.of(tag, 'd', i) + "/telemetry", "$twin/things/+/telemetry",
                payload.bytes(), payload, 'd', keepAlive, config,
                List.of(CAPABILITIES_NOTE));
    }
}
