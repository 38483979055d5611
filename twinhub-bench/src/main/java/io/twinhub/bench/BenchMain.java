package io.twinhub.bench;

import io.twinhub.bench.cli.CompareCommand;
import io.twinhub.bench.cli.ConnectCommand;
import io.twinhub.bench.cli.DiscardServerCommand;
import io.twinhub.bench.cli.FleetCommand;
import io.twinhub.bench.cli.HttpCommand;
import io.twinhub.bench.cli.Invocation;
import io.twinhub.bench.cli.PublishCommand;
import io.twinhub.bench.cli.ShadowCommand;
import io.twinhub.bench.cli.TelemetryQueryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./twinhub bench}: the load generator and side-by-side benchmark harness. */
@Command(name = "twinhub bench", mixinStandardHelpOptions = true,
        description = {"Load generator and benchmark harness for MQTT servers on this machine (loopback only).",
                "See docs/BENCHMARKING.md and BENCHMARKS.md."},
        subcommands = {PublishCommand.class, ConnectCommand.class, FleetCommand.class, ShadowCommand.class,
                TelemetryQueryCommand.class, HttpCommand.class,
                CompareCommand.class, DiscardServerCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        Invocation.set(args);
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.getSubcommands().get("compare").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                commandLine.getErr().println("bench: " + ex.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
