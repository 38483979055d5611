package io.twinhub.bench.cli;

import io.twinhub.bench.client.JsonTelemetryPayload;
import io.twinhub.bench.client.PublisherSettings;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.ClientIds;
import io.twinhub.bench.scenario.PublishEngine;
import io.twinhub.bench.scenario.PublishPlan;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench fleet}: what a fleet of real devices does. Today that is telemetry only; shadow
 * updates have their own scenario ({@code bench shadow}), commands are not built yet.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N devices keep their keep-alive and send JSON telemetry at a fixed rate to "
                + "$twin/things/{id}/telemetry;", "M consumers subscribe to $twin/things/+/telemetry."})
public final class FleetCommand extends ScenarioCommand {

    static final String CAPABILITIES_NOTE = "fleet: shadow reports OFF and commands OFF — this run is telemetry + "
            + "keep-alive only; 'bench shadow' measures shadow updates, and twinhub has no commands yet";

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--telemetry-hz", paramLabel = "HZ", defaultValue = "5",
            description = "Telemetry messages per second per device (default: ${DEFAULT-VALUE}).")
    double hz;

    @Option(names = "--qos", paramLabel = "0|1|2", defaultValue = "1", description = "Telemetry QoS (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--consumers", paramLabel = "M", defaultValue = "1",
            description = "Backend consumers subscribed to all telemetry (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "30",
            description = "Device keep-alive (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "32",
            description = "QoS 1/2 telemetry in flight per device (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Override
    void validateScenario() {
        Bounds.range("--devices", devices, 1, Bounds.MAX_CONNECTIONS);
        Bounds.range("--consumers", consumers, 0, Bounds.MAX_SUBSCRIBERS);
        Bounds.check(devices + consumers <= Bounds.MAX_CONNECTIONS_PER_PROCESS,
                "devices + consumers above " + Bounds.MAX_CONNECTIONS_PER_PROCESS + " needs more than one generator "
                        + "process (open-file limit 20,000), which this version does not do yet");
        Bounds.range("--telemetry-hz", hz, 0.01, 1000);
        Bounds.check(devices * hz <= Bounds.MAX_RATE, "devices × telemetry-hz above " + Bounds.MAX_RATE);
        Bounds.range("--qos", qos, 0, 2);
        Bounds.range("--keep-alive", keepAlive, 0, 65_535);
        Bounds.range("--inflight", inflight, 1, 32_768);
    }

    @Override
    List<String> preamble() {
        return List.of(CAPABILITIES_NOTE);
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException {
        return new PublishEngine(plan(ctx), ctx).run();
    }

    PublishPlan plan(RunContext ctx) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("telemetry_hz", hz);
        config.put("qos", qos);
        config.put("consumers", consumers);
        config.put("keep_alive_s", keepAlive);
        config.put("inflight", inflight);
        config.put("payload_bytes", JsonTelemetryPayload.bytes().length);
        config.put("shadow_reports", "off (capability not built)");
        config.put("commands", "off (capability not built)");
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("warmup_s", ctx.warmupSeconds());
        config.put("duration_s", ctx.durationSeconds());
        String tag = ctx.runTag();
        PublisherSettings settings = new PublisherSettings(qos, qos == 0 ? Math.max(inflight, 1024) : inflight, 4096,
                hz, devices, 0, 0);
        return new PublishPlan("fleet", devices, consumers, false, settings,
                i -> "$twin/things/" + ClientIds.of(tag, 'd', i) + "/telemetry", "$twin/things/+/telemetry",
                JsonTelemetryPayload.bytes(), JsonTelemetryPayload.INSTANCE, 'd', keepAlive, config,
                List.of(CAPABILITIES_NOTE));
    }
}
