package io.twinhub.http;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A counter the node adds to {@code /metrics} beyond the broker's own: read when scraped.
 *
 * @param name Prometheus name, ending in {@code _total}
 * @param help one line for {@code # HELP}
 * @param label the label that tells the values apart, or null for a single value under the key ""
 * @param values label value to reading
 */
public record CounterFamily(String name, String help, String label, Map<String, LongSupplier> values) {

    public CounterFamily {
        values = Map.copyOf(values);
    }

    public static CounterFamily single(String name, String help, LongSupplier value) {
        return new CounterFamily(name, help, null, Map.of("", value));
    }
}
