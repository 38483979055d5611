package io.twinhub.bench.cli;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.server.ServerHandle;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/** How the generator runs, common to every scenario. */
public final class GeneratorOptions {

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured phase (publish, fleet) or hold time (connect); at most "
                    + Bounds.MAX_DURATION_SECONDS + " (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3",
            description = "Traffic before the measured phase, not counted; connect: a warm-up round of up to 10,000 "
                    + "connections (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the server to confirm everything after a phase (default: ${DEFAULT-VALUE}).")
    int drainTimeoutSeconds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Generator event-loop threads (default: ${DEFAULT-VALUE}; the machine's cores are shared with the server).")
    int threads;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "auto",
            description = "Generator sockets: auto, epoll or nio (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--mqtt", paramLabel = "VERSION", defaultValue = "3.1.1",
            description = "Protocol version of every client: 3.1.1 or 5 (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "0",
            description = "Spread client sockets over 127.0.0.2.. this many addresses (default: one per 10,000 connections).")
    int sourceAddresses;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "64",
            description = "Connections in progress at once; keep it below the server's listen backlog "
                    + "(Mosquitto: 100) or SYNs are dropped and retried after 1 s (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--username", paramLabel = "NAME", description = "Username in every CONNECT (default: none).")
    String username;

    @Option(names = "--password", paramLabel = "SECRET", description = "Password in every CONNECT (default: none).")
    String password;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result as JSON to FILE.")
    Path out;

    @Option(names = "--quiet", description = "No progress row every second.")
    boolean quiet;

    void validate() {
        Bounds.range("--duration", durationSeconds, 1, Bounds.MAX_DURATION_SECONDS);
        Bounds.range("--warmup", warmupSeconds, 0, Bounds.MAX_WARMUP_SECONDS);
        Bounds.range("--drain-timeout", drainTimeoutSeconds, 1, Bounds.MAX_DRAIN_SECONDS);
        Bounds.range("--threads", threads, 1, Bounds.MAX_THREADS);
        Bounds.range("--source-addresses", sourceAddresses, 0, 250);
        Bounds.range("--connect-concurrency", connectConcurrency, 1, 10_000);
        mqttVersion();
    }

    MqttVersion mqttVersion() {
        return switch (mqtt) {
            case "3.1.1", "3", "4" -> MqttVersion.MQTT_3_1_1;
            case "5", "5.0" -> MqttVersion.MQTT_5;
            default -> throw new IllegalArgumentException("--mqtt must be 3.1.1 or 5, got " + mqtt);
        };
    }

    RunContext context(ServerHandle server, PrintStream printTo) {
        return new RunContext(server, printTo, !quiet, threads, transport, mqttVersion(), warmupSeconds,
                durationSeconds, drainTimeoutSeconds, sourceAddresses, connectConcurrency, RunContext.newRunTag(),
                username, password);
    }
}
