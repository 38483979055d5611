package io.twinhub.bench.scenario;

/**
 * One headline number of a run.
 *
 * @param key stable JSON key, also what compare mode matches runs on
 * @param label human label
 * @param unit unit shown after the value
 * @param value the number (NaN when it does not apply)
 * @param higherIsBetter how a ratio against another server reads
 */
public record Figure(String key, String label, String unit, double value, boolean higherIsBetter) {

    public boolean present() {
        return !Double.isNaN(value);
    }
}
