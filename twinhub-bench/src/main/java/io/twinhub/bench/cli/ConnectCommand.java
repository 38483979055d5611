package io.twinhub.bench.cli;

import io.twinhub.bench.access.AuthMode;
import io.twinhub.bench.access.DeviceAccess;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.scenario.ConnectEngine;
import io.twinhub.bench.scenario.ConnectPlan;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.scenario.SplitConnect;
import io.twinhub.bench.server.ProjectLayout;
import io.twinhub.bench.server.ServerHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench connect}: N devices connect and hold. Above {@code --max-per-process} devices the
 * run is split over child bench processes (see {@link SplitConnect}).
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N devices connect (clean session, keep-alive) and hold for --duration seconds.",
                "Reports connect rate, connect latency, failures, and server memory per connection.",
                "Devices may log in with tokens or client certificates, over TLS, and reconnect (--passes).",
                "Above 18,000 devices the devices are split over several generator processes."})
public final class ConnectCommand extends ScenarioCommand {

    static final int MAX_PASSES = 5;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "CONN/S", defaultValue = "0",
            description = "Open loop: connects started per second; 0 = as fast as --connect-concurrency allows (default).")
    double rate;

    @Option(names = "--keep-alive", paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep-alive announced in CONNECT and kept with PINGREQ (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--max-per-process", paramLabel = "N", defaultValue = "18000",
            description = "Connections per generator process; more devices start child processes (default: ${DEFAULT-VALUE}).")
    int maxPerProcess;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "1",
            description = "Connect rounds of the same devices, each after all disconnected: pass 1 makes new TLS "
                    + "handshakes against a cold credential cache, later passes resume TLS sessions and hit the "
                    + "warm cache (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--warmup-devices", paramLabel = "N", defaultValue = "" + ConnectEngine.WARMUP_DEVICES,
            description = "Connections of the uncounted warm-up round; with --auth they are devices of their own, "
                    + "registered too (default: ${DEFAULT-VALUE}).")
    int warmupDevices;

    @Mixin
    AccessOptions access = new AccessOptions();

    // Child-process mode, set by the parent of a split run.
    @Option(names = "--child", hidden = true)
    boolean child;

    @Option(names = "--device-offset", hidden = true, defaultValue = "0")
    int deviceOffset;

    @Option(names = "--run-tag", hidden = true)
    String runTag;

    @Override
    void validateScenario() {
        Bounds.range("--devices", devices, 1, Bounds.MAX_CONNECTIONS);
        Bounds.range("--max-per-process", maxPerProcess, 1, Bounds.MAX_CONNECTIONS_PER_PROCESS);
        Bounds.check(!child || devices <= maxPerProcess, "a child process takes at most --max-per-process devices");
        Bounds.range("--rate", rate, 0, 1_000_000);
        Bounds.range("--keep-alive", keepAlive, 0, 65_535);
        Bounds.range("--warmup-devices", warmupDevices, 0, Bounds.MAX_CONNECTIONS_PER_PROCESS);
        Bounds.check(runTag == null || runTag.matches("[0-9a-z]{4}"), "--run-tag must be 4 characters 0-9a-z");
        Bounds.range("--passes", passes, 1, MAX_PASSES);
        access.validate(target);
        boolean special = access.requested() || passes > 1;
        Bounds.check(!special || (devices <= maxPerProcess && !child),
                "--auth, --tls and --passes run in one generator process: at most --max-per-process devices");
        Bounds.check(access.mode() == AuthMode.NONE || (generator.username == null && generator.password == null),
                "--auth gives every device its own credentials; leave out --username and --password");
    }

    @Override
    ServerHandle openServer() throws IOException, InterruptedException {
        if (!target.starts()) {
            return target.open();
        }
        return target.open(access.twinhubArgs(target.runDirectory()));
    }

    @Override
    RunResult execute(RunContext ctx) throws InterruptedException, IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("rate", rate);
        config.put("keep_alive_s", keepAlive);
        config.put("connect_concurrency", ctx.connectConcurrency());
        config.put("hold_s", ctx.durationSeconds());
        config.put("mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1");
        config.put("generator_threads", ctx.threads());
        config.put("auth", access.mode().option());
        config.put("tls", access.usesTls());
        config.put("passes", passes);
        config.put("warmup_devices", warmupDevices);
        if (access.requested() || passes > 1) {
            AccessOptions.Prepared prepared = access.prepare(ctx.server(), target);
            RunContext c = ctx.withServer(prepared.server());
            InetSocketAddress a = prepared.server().address();
            ctx.out().println("connect: devices log in " + describe(prepared.access()) + " at "
                    + a.getAddress().getHostAddress() + ":" + a.getPort());
            return new ConnectEngine(new ConnectPlan(devices, rate, keepAlive, 0, warmupDevices, passes,
                    prepared.access(), ConnectPlan.Coordination.NONE, config), c).run();
        }
        if (child) {
            RunContext c = runTag != null ? ctx.withRunTag(runTag) : ctx;
            return new ConnectEngine(new ConnectPlan(devices, rate, keepAlive, deviceOffset, warmupDevices,
                    new StdioCoordination(), config), c).run();
        }
        if (devices > maxPerProcess) {
            int processes = (devices + maxPerProcess - 1) / maxPerProcess;
            Path dir = ProjectLayout.root().resolve("target/bench-runs")
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-connect-split");
            return new SplitConnect(ctx, devices, processes, i -> childArgs(ctx, i, processes), config).run(dir);
        }
        return new ConnectEngine(new ConnectPlan(devices, rate, keepAlive, 0, warmupDevices,
                ConnectPlan.Coordination.NONE, config), ctx).run();
    }

    private static String describe(DeviceAccess a) {
        String who = switch (a.mode()) {
            case NONE -> "anonymously";
            case TOKENS -> "with device tokens";
            case CERTIFICATES -> "with client certificates";
        };
        return who + (a.tls() ? " over TLS" : " over plain TCP");
    }

    /** The command line of child {@code i}: its share of the devices, rate and concurrency. */
    private List<String> childArgs(RunContext ctx, int i, int processes) {
        int[] share = SplitConnect.share(devices, processes, i);
        InetSocketAddress a = ctx.server().address();
        String host = a.getAddress().getHostAddress();
        List<String> args = new ArrayList<>(List.of("connect",
                "--target", (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort(),
                "--child", "--quiet",
                "--devices", Integer.toString(share[0]),
                "--device-offset", Integer.toString(share[1]),
                "--max-per-process", Integer.toString(maxPerProcess),
                "--run-tag", ctx.runTag(),
                "--warmup", Integer.toString(ctx.warmupSeconds()),
                "--warmup-devices", Integer.toString(warmupDevices / processes),
                "--duration", Integer.toString(ctx.durationSeconds()),
                "--keep-alive", Integer.toString(keepAlive),
                "--rate", Double.toString(rate / processes),
                "--connect-concurrency", Integer.toString(Math.max(1, ctx.connectConcurrency() / processes)),
                "--mqtt", ctx.mqttVersion().protocolLevel() == 5 ? "5" : "3.1.1",
                "--threads", Integer.toString(ctx.threads()),
                "--transport", ctx.transport()));
        if (ctx.username() != null) {
            args.addAll(List.of("--username", ctx.username()));
        }
        if (ctx.password() != null) {
            args.addAll(List.of("--password", ctx.password()));
        }
        if (ctx.sourceAddresses() > 0) {
            args.addAll(List.of("--source-addresses", Integer.toString(ctx.sourceAddresses())));
        }
        return args;
    }
}
