package io.twinhub.bench.cli;

import io.twinhub.bench.report.CompareReport;
import io.twinhub.bench.report.Machine;
import io.twinhub.bench.report.Summary;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.server.ServerKind;
import io.twinhub.bench.server.ServerLauncher;
import io.twinhub.bench.stats.CpuClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench compare}: the same scenario against twinhub, Mosquitto and the discard reference,
 * alternating (A/B/C, A/B/C, …) so slow drifts of a shared machine hit every server alike, with a
 * drain pause between runs, then medians and ratios.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one scenario against several servers, alternating, several rounds.",
                "Example: compare --rounds 3 publish --qos 1 --publishers 50 --duration 10"})
public final class CompareCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--servers", paramLabel = "LIST", defaultValue = "twinhub,mosquitto,discard", split = ",",
            description = "Servers in the order they run each round (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--pause", paramLabel = "SECONDS", defaultValue = "2",
            description = "Pause between runs, after which the server must also be idle (default: ${DEFAULT-VALUE}).")
    int pauseSeconds;

    @Option(names = "--fresh-server", paramLabel = "WHEN", defaultValue = "auto",
            description = "Start each server anew for every run: always, never, or auto (connect scenario: always, "
                    + "others: never, so twinhub's JIT stays warm) (default: ${DEFAULT-VALUE}).")
    String fresh;

    @Option(names = "--out", paramLabel = "FILE", description = "Write all runs and the summary as JSON.")
    Path out;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "connect, publish or fleet")
    String scenario;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The scenario's options (see <scenario> --help).")
    List<String> scenarioArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Bounds.range("--rounds", rounds, 1, Bounds.MAX_ROUNDS);
        Bounds.range("--pause", pauseSeconds, 0, 60);
        if (target.target != null || target.start != null || target.serverPid != null) {
            throw new IllegalArgumentException("compare starts its own servers: no --target, --start or --server-pid");
        }
        List<ServerKind> kinds = servers.stream().map(ServerKind::parse).toList();
        ScenarioCommand prototype = parseScenario();
        boolean freshEach = switch (fresh) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> scenario.equals("connect");
            default -> throw new IllegalArgumentException("--fresh-server must be always, never or auto");
        };
        PrintStream console = System.out;
        prototype.preamble().forEach(console::println);
        console.println("bench: " + Invocation.command());
        console.println("machine: " + Machine.oneLine() + "; load average " + Machine.loadAverage());
        ServerLauncher launcher = target.launcher();
        CompareReport report = new CompareReport(scenario, kinds.stream().map(ServerKind::label).toList());
        Map<ServerKind, ServerHandle> running = new EnumMap<>(ServerKind.class);
        try {
            for (int round = 1; round <= rounds; round++) {
                for (ServerKind kind : kinds) {
                    ServerHandle server = running.get(kind);
                    if (server == null || !server.alive()) {
                        server = launcher.start(kind);
                        running.put(kind, server);
                    }
                    console.printf("%n-- round %d/%d: %s (pid %d, load %.2f)%n", round, rounds, kind.label(),
                            server.pid(), Machine.loadAverage());
                    ScenarioCommand cmd = parseScenario();
                    RunContext ctx = cmd.generator.context(server, console);
                    RunResult result = cmd.execute(ctx);
                    result.details().put("load_average_after", Machine.loadAverage());
                    report.add(new CompareReport.Run(round, kind.label(), result));
                    Summary.print(result, console);
                    if (freshEach) {
                        server.close();
                        running.remove(kind);
                    }
                    drain(server, console);
                }
            }
        } finally {
            running.values().forEach(ServerHandle::close);
        }
        report.print(console);
        if (out != null) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("rounds", rounds);
            config.put("servers", servers);
            config.put("pause_s", pauseSeconds);
            config.put("fresh_server", freshEach);
            config.put("scenario_args", scenarioArgs);
            report.write(out, config);
            console.println("result written to " + out);
        }
        return 0;
    }

    private ScenarioCommand parseScenario() {
        ScenarioCommand cmd = switch (scenario) {
            case "publish" -> new PublishCommand();
            case "connect" -> new ConnectCommand();
            case "fleet" -> new FleetCommand();
            default -> throw new IllegalArgumentException("compare runs connect, publish or fleet, not '" + scenario + "'");
        };
        new CommandLine(cmd).parseArgs(scenarioArgs.toArray(String[]::new));
        if (cmd.target.target != null || cmd.target.start != null) {
            throw new IllegalArgumentException("compare starts the servers itself: remove --target/--start from the scenario options");
        }
        if (cmd.generator.out != null) {
            throw new IllegalArgumentException("give --out to compare, before the scenario name");
        }
        cmd.validateAll();
        return cmd;
    }

    /**
     * Lets the server settle between runs: a fixed pause, then until its CPU use falls below 5%
     * (queues flushed, connections closed, GC done), at most 15 seconds more.
     */
    private void drain(ServerHandle server, PrintStream console) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(pauseSeconds));
        if (server.pid() < 0 || !server.alive()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            long c0 = CpuClock.processNanos(server.pid());
            Thread.sleep(250);
            long c1 = CpuClock.processNanos(server.pid());
            if (c0 < 0 || c1 < 0 || (c1 - c0) < 0.05 * 250_000_000L) {
                return;
            }
        }
        console.println("  (server still busy after the drain pause)");
    }
}
