package io.twinhub.bench.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code bench http}: telemetry over HTTP keep-alive — not written yet; exits with {@link #UNAVAILABLE}. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Telemetry POSTs over keep-alive connections (POST /api/v1/things/{id}/telemetry). "
                + "Not written yet: exits with 3.")
public final class HttpCommand implements Callable<Integer> {

    /** Exit code: the scenario cannot run (distinct from 1 = invalid run and 2 = bad options). */
    static final int UNAVAILABLE = 3;

    @Override
    public Integer call() {
        System.err.println("bench http: not written yet. It will send telemetry POSTs over keep-alive connections "
                + "(twinhub's POST /api/v1/things/{id}/telemetry); until then there is nothing to measure.");
        return UNAVAILABLE;
    }
}
