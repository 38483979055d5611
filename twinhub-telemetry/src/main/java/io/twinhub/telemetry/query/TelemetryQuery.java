package io.twinhub.telemetry.query;

import java.util.List;

/**
 * One range query of a device's telemetry (contract §4).
 *
 * @param device      the device id
 * @param keys        the keys to answer, in the order wanted; empty means every key the device has
 * @param from        first timestamp included (epoch ms)
 * @param to          first timestamp excluded (epoch ms)
 * @param limit       most points per key in the answer (raw points, or buckets when aggregated)
 * @param aggregation null for raw points
 * @param interval    bucket length in ms for an aggregation (buckets start at multiples of it,
 *                    counted from the epoch); 0 for raw points
 */
public record TelemetryQuery(String device, List<String> keys, long from, long to, int limit,
                             Aggregation aggregation, long interval) {

    public TelemetryQuery {
        keys = List.copyOf(keys);
        if (from > to) {
            throw new IllegalArgumentException("from must not be after to");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if ((aggregation == null) != (interval == 0) || interval < 0) {
            throw new IllegalArgumentException("an aggregation needs a positive interval, raw points none");
        }
    }

    public static TelemetryQuery raw(String device, List<String> keys, long from, long to, int limit) {
        return new TelemetryQuery(device, keys, from, to, limit, null, 0);
    }

    public static TelemetryQuery aggregated(String device, List<String> keys, long from, long to, int limit,
                                            Aggregation aggregation, long interval) {
        return new TelemetryQuery(device, keys, from, to, limit, aggregation, interval);
    }
}
