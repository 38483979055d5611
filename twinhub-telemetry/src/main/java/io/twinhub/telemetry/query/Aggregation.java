package io.twinhub.telemetry.query;

import java.util.Locale;

/**
 * What one interval bucket of an aggregate query gives (contract §4: {@code agg=}). {@code avg},
 * {@code min}, {@code max} and {@code sum} use the numeric points of the bucket; {@code count}
 * counts every point (numbers, strings and booleans). A bucket with no point that qualifies is
 * left out of the answer.
 */
public enum Aggregation {
    AVG, MIN, MAX, SUM, COUNT;

    /** The query parameter's spelling: {@code avg}, {@code min}, … */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the aggregation named by a query parameter, or null when there is none of that name */
    public static Aggregation fromParameter(String name) {
        for (Aggregation a : values()) {
            if (a.parameter().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
