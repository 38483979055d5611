package io.twinhub.bench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run produced: headline figures, raw details (counters, failures, the
 * configuration) and the per-second progress rows, all destined for the JSON result file.
 */
public final class RunResult {

    private final String scenario;
    private final String server;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Map<String, Object>> progress = new ArrayList<>();
    private boolean valid = true;

    public RunResult(String scenario, String server) {
        this.scenario = scenario;
        this.server = server;
    }

    public String scenario() {
        return scenario;
    }

    public String server() {
        return server;
    }

    public Map<String, Object> config() {
        return config;
    }

    public List<Figure> figures() {
        return figures;
    }

    public Map<String, Object> details() {
        return details;
    }

    public List<String> notes() {
        return notes;
    }

    public List<Map<String, Object>> progress() {
        return progress;
    }

    public void figure(String key, String label, String unit, double value, boolean higherIsBetter) {
        figures.add(new Figure(key, label, unit, value, higherIsBetter));
    }

    public double value(String key) {
        for (Figure f : figures) {
            if (f.key().equals(key)) {
                return f.value();
            }
        }
        return Double.NaN;
    }

    public void note(String note) {
        notes.add(note);
    }

    /** Marks the run as not trustworthy (for example: the drain timed out), with the reason as a note. */
    public void invalidate(String reason) {
        valid = false;
        notes.add("INVALID: " + reason);
    }

    public boolean valid() {
        return valid;
    }
}
