package io.twinhub.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinhub.bench.scenario.Figure;
import io.twinhub.bench.scenario.Format;
import io.twinhub.bench.scenario.RunResult;
import io.twinhub.bench.stats.Rates;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Side-by-side results of a compare run: per figure the median of each server over the rounds,
 * the twinhub/Mosquitto ratio, and the discard reference. Only valid runs enter the medians.
 */
public final class CompareReport {

    /** One run of the alternation. */
    public record Run(int round, String server, RunResult result) { }

    private final String scenario;
    private final List<String> servers;
    private final List<Run> runs = new ArrayList<>();

    public CompareReport(String scenario, List<String> servers) {
        this.scenario = scenario;
        this.servers = servers;
    }

    public void add(Run run) {
        runs.add(run);
    }

    /** Median of one figure of one server over its valid runs; NaN if none. */
    public double median(String server, String key) {
        double[] v = values(server, key);
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    double[] values(String server, String key) {
        return runs.stream()
                .filter(r -> r.server().equals(server) && r.result().valid())
                .mapToDouble(r -> r.result().value(key))
                .filter(d -> !Double.isNaN(d))
                .toArray();
    }

    private List<Figure> figureOrder() {
        Map<String, Figure> seen = new LinkedHashMap<>();
        for (Run r : runs) {
            for (Figure f : r.result().figures()) {
                seen.putIfAbsent(f.key(), f);
            }
        }
        return new ArrayList<>(seen.values());
    }

    public void print(PrintStream out) {
        String reference = servers.contains("discard") ? "discard" : servers.contains("discard-raw") ? "discard-raw" : null;
        out.println();
        out.println("== compare " + scenario + ": median of " + roundsOf("twinhub") + " valid run(s) per server");
        StringBuilder h = new StringBuilder(String.format("  %-44s", "figure"));
        for (String s : servers) {
            h.append(String.format(" %16s", s));
        }
        h.append(String.format(" %14s", "twinhub/mosq"));
        if (reference != null) {
            h.append(String.format(" %14s", "twinhub/" + (reference.equals("discard") ? "disc" : "raw")));
        }
        out.println(h);
        for (Figure f : figureOrder()) {
            StringBuilder row = new StringBuilder(String.format("  %-44s", truncate(f.label() + (f.higherIsBetter() ? "" : " ↓"), 44)));
            for (String s : servers) {
                row.append(String.format(" %16s", Format.value(median(s, f.key()), f.unit())));
            }
            row.append(String.format(" %14s", Format.ratio(Rates.ratio(median("twinhub", f.key()), median("mosquitto", f.key())))));
            if (reference != null) {
                row.append(String.format(" %14s", Format.ratio(Rates.ratio(median("twinhub", f.key()), median(reference, f.key())))));
            }
            out.println(row);
        }
        out.println("  (↓ = lower is better; ratios are twinhub's median over the other's median)");
        for (Run r : runs) {
            if (!r.result().valid()) {
                out.println("  excluded: round " + r.round() + " " + r.server() + ": " + r.result().notes());
            }
        }
        out.flush();
    }

    private int roundsOf(String server) {
        return (int) runs.stream().filter(r -> r.server().equals(server) && r.result().valid()).count();
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    public void write(Path file, Map<String, Object> config) throws IOException {
        ObjectNode root = JsonReport.header();
        root.put("mode", "compare");
        root.put("scenario", scenario);
        root.set("config", JsonReport.MAPPER.valueToTree(config));
        ArrayNode arr = root.putArray("runs");
        for (Run r : runs) {
            ObjectNode n = arr.addObject();
            n.put("round", r.round());
            n.put("server", r.server());
            n.set("result", JsonReport.toJson(r.result()));
        }
        ObjectNode summary = root.putObject("summary");
        for (Figure f : figureOrder()) {
            ObjectNode fn = summary.putObject(f.key());
            fn.put("label", f.label());
            fn.put("unit", f.unit());
            fn.put("higher_is_better", f.higherIsBetter());
            for (String s : servers) {
                ObjectNode sn = fn.putObject(s);
                putNumber(sn, "median", median(s, f.key()));
                ArrayNode vals = sn.putArray("values");
                for (double v : values(s, f.key())) {
                    vals.add(v);
                }
            }
            putNumber(fn, "ratio_twinhub_mosquitto", Rates.ratio(median("twinhub", f.key()), median("mosquitto", f.key())));
            putNumber(fn, "ratio_twinhub_discard", Rates.ratio(median("twinhub", f.key()), median("discard", f.key())));
        }
        JsonReport.write(file, root);
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }
}
