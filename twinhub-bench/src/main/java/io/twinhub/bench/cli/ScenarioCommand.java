package io.twinhub.bench.cli;

import io.twinhub.bench.report.JsonReport;
import io.twinhub.bench.report.Summary;
import io.twinhub.bench.scenario.RunContext;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.server.ServerHandle;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A scenario run from the command line: validate the options, open or start the server, run,
 * print the summary, write the JSON file. Exit code 0 for a valid run, 1 for an invalid one
 * (the output says why), 2 for bad options.
 */
abstract class ScenarioCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    GeneratorOptions generator = new GeneratorOptions();

    /** The scenario's own option checks. */
    abstract void validateScenario();

    /** Runs once against the server in {@code ctx}. */
    abstract RunResult execute(RunContext ctx) throws Exception;

    /** Opens the target or starts the server; a scenario may start it with more options. */
    ServerHandle openServer() throws IOException, InterruptedException {
        return target.open();
    }

    /** Lines printed before the run (what is and is not simulated). */
    List<String> preamble() {
        return List.of();
    }

    final void validateAll() {
        generator.validate();
        validateScenario();
    }

    @Override
    public Integer call() throws Exception {
        validateAll();
        target.validate();
        PrintStream out = System.out;
        preamble().forEach(out::println);
        try (ServerHandle server = openServer()) {
            RunContext ctx = generator.context(server, out);
            out.println("bench: " + Invocation.command());
            out.println("server: " + server.name() + " at " + server.address().getAddress().getHostAddress() + ":"
                    + server.address().getPort() + (server.pid() >= 0 ? " (pid " + server.pid() + ")" : ""));
            RunResult result = execute(ctx);
            Summary.print(result, out);
            if (generator.out != null) {
                JsonReport.writeRun(generator.out, result, server);
                out.println("result written to " + generator.out);
            }
            return result.valid() ? 0 : 1;
        }
    }
}
