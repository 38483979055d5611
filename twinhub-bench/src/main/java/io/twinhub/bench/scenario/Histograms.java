package io.twinhub.bench.scenario;

import io.twinhub.bench.stats.Latency;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/** Percentile summaries of latency histograms for the JSON file. */
final class Histograms {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private Histograms() { }

    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("min", h.getMinValue() / 1e6);
        m.put("mean", h.getMean() / 1e6);
        for (double p : PERCENTILES) {
            m.put("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)),
                    Latency.percentileMillis(h, p));
        }
        m.put("max", Latency.maxMillis(h));
        return m;
    }
}
