package io.twinhub.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code twinhub certs}: certificate helpers. */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Certificate helpers (see docs/TLS.md).",
        subcommands = {DevCertsCommand.class})
public final class CertsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
