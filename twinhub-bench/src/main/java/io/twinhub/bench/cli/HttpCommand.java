package io.twinhub.bench.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code bench http}: telemetry over HTTP keep-alive — not possible until twinhub has an HTTP API. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Telemetry POSTs over keep-alive connections. Needs twinhub's HTTP API, which is not built yet.")
public final class HttpCommand implements Callable<Integer> {

    /** Exit code: the scenario cannot run (distinct from 1 = invalid run and 2 = bad options). */
    static final int UNAVAILABLE = 3;

    @Override
    public Integer call() {
        System.err.println("bench http: twinhub has no HTTP API yet, so there is nothing to measure. "
                + "This scenario will send telemetry POSTs over keep-alive connections once the HTTP API exists.");
        return UNAVAILABLE;
    }
}
