package io.twinhub.bench.cli;

import io.twinhub.bench.client.ShadowSettings;
import io.twinhub.bench.client.ShadowTopics;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.scenario.ShadowEngine;
import io.twinhub.bench.scenario.ShadowPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench shadow}: devices keep their shadows' reported state up to date; applications change desired state. */
@Command(name = "shadow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N devices (client id = thing id) subscribe to their own $twin/things/{id}/shadow/update/accepted "
                + "and /rejected and publish reported updates;",
                "optional applications publish desired updates for random devices. Reports updates accepted per "
                        + "second, rejections by code and accepted latency (update → accepted, matched by clientToken).",
                "The server's durability is its own: --twinhub-args '--durability none' for a started twinhub "
                        + "(default sync)."})
public final class ShadowCommand extends ScenarioCommand {

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "UPDATES/S", defaultValue = "0",
            description = "Open loop: reported updates per second over all devices, latency from the intended send "
                    + "time. 0 = closed loop: each device keeps --window updates in flight (default).")
    double rate;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + ShadowSettings.MAX_WINDOW,
            description = "Update requests per device awaiting their answer, at most 10: the hub answers 429 "
                    + "beyond (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--with-versions",
            description = "Requests carry the version the device expects (tracked from its accepted answers); "
                    + "version conflicts (409) are reported.")
    boolean withVersions;

    @Option(names = "--delta", description = "Devices also subscribe to update/delta and report desired setpoints back.")
    boolean delta;

    @Option(names = "--desired-rate", paramLabel = "UPDATES/S", defaultValue = "0",
            description = "Desired updates per second, for random devices, from application connections (default: none).")
    double desiredRate;

    @Option(names = "--applications", paramLabel = "N", defaultValue = "1",
            description = "Application connections sharing --desired-rate; each keeps at most 10 in flight "
                    + "(default: ${DEFAULT-VALUE}).")
    int applications;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "1",
            description = "QoS of update requests and of the answer subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--topic-prefix", paramLabel = "twin|aws", defaultValue = "twin",
            description = "$twin/things/… or the $aws/things/… alias (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep-alive of every connection (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--coalesce-us", paramLabel = "MICROS", defaultValue = "500",
            description = "Open loop: at most one write per connection per this many microseconds (default: ${DEFAULT-VALUE}).")
    int coalesceMicros;

    @Override
    void validateScenario() {
        Bounds.range("--devices", devices, 1, Bounds.MAX_PUBLISHERS);
        Bounds.range("--applications", applications, 1, 100);
        Bounds.check(devices + applications <= Bounds.MAX_CONNECTIONS_PER_PROCESS,
                "shadow runs use one process: at most " + Bounds.MAX_CONNECTIONS_PER_PROCESS + " connections");
        Bounds.range("--rate", rate, 0, Bounds.MAX_RATE);
        Bounds.range("--window", window, 1, ShadowSettings.MAX_WINDOW);
        Bounds.range("--desired-rate", desiredRate, 0, 1_000_000);
        Bounds.range("--qos", qos, 0, 1);
        Bounds.range("--keep-alive", keepAlive, 0, 65_535);
        Bounds.range("--coalesce-us", coalesceMicros, 0, 100_000);
        ShadowTopics.Prefix.parse(topicPrefix);
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException {
        return new ShadowEngine(plan(ctx), ctx).run();
    }

    ShadowPlan plan(RunContext ctx) {
        int apps = desiredRate > 0 ? applications : 0;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("mode", rate > 0 ? "open-loop" : "closed-loop");
        config.put("rate", rate);
        config.put("window", window);
        config.put("with_versions", withVersions);
        config.put("delta", delta);
        config.put("desired_rate", desiredRate);
        config.put("applications", apps);
        config.put("qos", qos);
        config.put("topic_prefix", ShadowTopics.Prefix.parse(topicPrefix).name().toLowerCase(java.util.Locale.ROOT));
        config.put("keep_alive_s", keepAlive);
        config.put("coalesce_us", coalesceMicros);
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("warmup_s", ctx.warmupSeconds());
        config.put("duration_s", ctx.durationSeconds());
        config.put("generator_threads", ctx.threads());
        if (target.starts()) {
            config.put("server_args", target.twinhubArgs.isBlank() ? "(defaults: durability sync)" : target.twinhubArgs);
        }
        List<String> notes = new ArrayList<>();
        if (desiredRate > 0 && !delta) {
            notes.add("devices do not subscribe to update/delta (--delta): desired changes stay pending in the delta");
        }
        ShadowSettings settings = new ShadowSettings(qos, window, rate > 0 ? rate / devices : 0, devices, withVersions,
                delta, coalesceMicros * 1000L);
        return new ShadowPlan(devices, settings, apps, desiredRate, ShadowTopics.Prefix.parse(topicPrefix), keepAlive,
                config, notes);
    }
}
