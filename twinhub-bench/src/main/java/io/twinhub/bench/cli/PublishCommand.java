package io.twinhub.bench.cli;

import io.twinhub.bench.client.BinaryPayload;
import io.twinhub.bench.client.PublisherSettings;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.PublishEngine;
import io.twinhub.bench.scenario.PublishPlan;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench publish}: N publishers, M subscribers, QoS 0/1/2, fixed payload size. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N publishers send to bench/<run>/<i>; M subscribers subscribe to bench/<run>/#.",
                "Throughput is what the server confirmed (PUBACK/PUBCOMP; QoS 0: PINGREQ barrier), "
                        + "see docs/BENCHMARKING.md."})
public final class PublishCommand extends ScenarioCommand {

    @Option(names = "--publishers", paramLabel = "N", defaultValue = "50", description = "Publishing connections (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--subscribers", paramLabel = "M", defaultValue = "0",
            description = "Subscribers, each receiving every message (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--persistent-subscribers",
            description = "Subscribers keep sessions that outlive their connections (3.1.1: clean session off; "
                    + "5.0: session expiry 300 s), so a durable server stores every QoS 1/2 message for them "
                    + "before acknowledging it.")
    boolean persistentSubscribers;

    @Option(names = "--qos", paramLabel = "0|1|2", defaultValue = "0", description = "QoS of publishes and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "100",
            description = "Payload size; 20 bytes or more carry timestamp and sequence (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--rate", paramLabel = "MSG/S", defaultValue = "0",
            description = "Open loop: total messages per second, spread evenly over publishers; latency from the "
                    + "intended send time. 0 = closed loop, as fast as possible (default).")
    double rate;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "0",
            description = "Per publisher: QoS 1/2 messages awaiting their ack (default: 128); QoS 0 messages not "
                    + "yet confirmed by a PINGRESP (default: 4096), which keeps socket buffers from hoarding backlog.")
    int inflight;

    int window() {
        return inflight > 0 ? inflight : qos == 0 ? 4096 : 128;
    }

    @Option(names = "--coalesce-us", paramLabel = "MICROS", defaultValue = "500",
            description = "Open loop: at most one write per publisher per this many microseconds; messages due in "
                    + "between go together, their latency still counted from their own intended time (default: ${DEFAULT-VALUE}).")
    int coalesceMicros;

    @Option(names = "--batch-bytes", paramLabel = "BYTES", defaultValue = "16384",
            description = "PUBLISH bytes per write (default: ${DEFAULT-VALUE}).")
    int batchBytes;

    @Override
    void validateScenario() {
        Bounds.range("--publishers", publishers, 1, Bounds.MAX_PUBLISHERS);
        Bounds.range("--subscribers", subscribers, 0, Bounds.MAX_SUBSCRIBERS);
        Bounds.check(publishers + subscribers <= Bounds.MAX_CONNECTIONS_PER_PROCESS,
                "publish runs use one process: at most " + Bounds.MAX_CONNECTIONS_PER_PROCESS + " connections");
        Bounds.range("--qos", qos, 0, 2);
        Bounds.range("--payload", payload, 0, Bounds.MAX_PAYLOAD_BYTES);
        Bounds.range("--rate", rate, 0, Bounds.MAX_RATE);
        Bounds.range("--inflight", inflight, 0, 32_768);
        Bounds.range("--batch-bytes", batchBytes, 1, 1 << 20);
        Bounds.range("--coalesce-us", coalesceMicros, 0, 100_000);
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException {
        return new PublishEngine(plan(ctx), ctx).run();
    }

    PublishPlan plan(RunContext ctx) {
        String prefix = "bench/" + ctx.runTag() + "/";
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("publishers", publishers);
        config.put("subscribers", subscribers);
        config.put("persistent_subscribers", persistentSubscribers);
        config.put("qos", qos);
        config.put("payload_bytes", payload);
        config.put("mode", rate > 0 ? "open-loop" : "closed-loop");
        config.put("rate", rate);
        config.put("inflight", window());
        config.put("batch_bytes", batchBytes);
        config.put("coalesce_us", coalesceMicros);
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("warmup_s", ctx.warmupSeconds());
        config.put("duration_s", ctx.durationSeconds());
        config.put("generator_threads", ctx.threads());
        List<String> notes = new ArrayList<>();
        if (payload < BinaryPayload.FULL_SIZE) {
            notes.add("payload below " + BinaryPayload.FULL_SIZE + " bytes: "
                    + (payload < BinaryPayload.TIMESTAMP_SIZE ? "no end-to-end latency, " : "") + "no sequence check");
        }
        PublisherSettings settings = new PublisherSettings(qos, window(), batchBytes,
                rate > 0 ? rate / publishers : 0, publishers, 100, coalesceMicros * 1000L);
        return new PublishPlan("publish", publishers, subscribers, persistentSubscribers, settings, i -> prefix + i, prefix + "#",
                new byte[payload], BinaryPayload.INSTANCE, 'p', 60, config, notes);
    }
}
