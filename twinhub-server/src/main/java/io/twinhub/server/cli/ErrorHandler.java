package io.twinhub.server.cli;

import io.twinhub.server.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/** Turns failures into one line on stderr and an exit code; stack traces only with {@code --verbose}. */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(cmd);
        err.println("twinhub: " + describe(ex) + (verbose || isExpected(ex) ? "" : " (--verbose shows details)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("twinhub: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String describe(Throwable ex) {
        if (isExpected(ex)) {
            return ex.getMessage();
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static boolean isExpected(Throwable ex) {
        return ex instanceof ConfigException || ex instanceof StartupException || ex instanceof ApiCallException;
    }

    private static boolean isVerbose(CommandLine cmd) {
        return cmd.getMixins().values().stream()
                .anyMatch(m -> m instanceof VerboseOption v && v.enabled());
    }
}
