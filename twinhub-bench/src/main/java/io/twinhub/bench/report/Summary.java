package io.twinhub.bench.report;

import io.twinhub.bench.scenario.Figure;
import io.twinhub.bench.scenario.Format;
import io.twinhub.bench.scenario.RunResult;

import java.io.PrintStream;

/** The human summary after a run: headline figures, then notes. */
public final class Summary {

    private Summary() { }

    public static void print(RunResult r, PrintStream out) {
        out.println();
        out.println("== " + r.scenario() + " against " + r.server() + (r.valid() ? "" : "  [INVALID RUN]"));
        for (Figure f : r.figures()) {
            out.printf("  %-58s %s%n", f.label(), Format.value(f.value(), f.unit()));
        }
        for (String n : r.notes()) {
            out.println("  note: " + n);
        }
        out.flush();
    }
}
