package io.twinhub.bench.cli;

import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.ConnectEngine;
import io.twinhub.bench.scenario.ConnectPlan;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code bench connect}: N devices connect and hold. */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N devices connect (clean session, keep-alive) and hold for --duration seconds.",
                "Reports connect rate, connect latency, failures, and server memory per connection."})
public final class ConnectCommand extends ScenarioCommand {

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "CONN/S", defaultValue = "0",
            description = "Open loop: connects started per second; 0 = as fast as --connect-concurrency allows (default).")
    double rate;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep-alive announced in CONNECT and kept with PINGREQ (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Override
    void validateScenario() {
        Bounds.range("--devices", devices, 1, Bounds.MAX_CONNECTIONS);
        Bounds.check(devices <= Bounds.MAX_CONNECTIONS_PER_PROCESS,
                "--devices above " + Bounds.MAX_CONNECTIONS_PER_PROCESS + " needs more than one generator process "
                        + "(the open-file limit is 20,000 per process), which this version does not do yet; "
                        + "run several bench processes with --target instead");
        Bounds.range("--rate", rate, 0, 1_000_000);
        Bounds.range("--keep-alive", keepAlive, 0, 65_535);
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("rate", rate);
        config.put("keep_alive_s", keepAlive);
        config.put("connect_concurrency", ctx.connectConcurrency());
        config.put("hold_s", ctx.durationSeconds());
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("generator_threads", ctx.threads());
        return new ConnectEngine(new ConnectPlan(devices, rate, keepAlive, 0, config), ctx).run();
    }
}
