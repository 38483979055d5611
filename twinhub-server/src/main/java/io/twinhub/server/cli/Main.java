package io.twinhub.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code twinhub} command line. */
@Command(
        name = "twinhub",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "IoT device hub with a complete MQTT 3.1.1/5.0 broker.",
        subcommands = {RunCommand.class, DeviceCommand.class, CertsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The ./twinhub launcher also has: test  build and run the whole test suite.",
                "See docs/CONFIGURATION.md for every setting."})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, without running anything: for {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new ErrorHandler());
    }

    /** Without a command: show the usage and fail, as a mistyped command line would. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
