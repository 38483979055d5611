package io.twinhub.http.api;

import io.twinhub.http.routing.ApiException;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.TelemetryQuery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of {@code GET …/telemetry} and {@code …/telemetry/latest}, checked: every
 * bad value is a 400 that names the parameter (see docs/HTTP-API.md for the defaults).
 */
final class TelemetryParams {

    /** The longest key a device can send (contract §4): longer ones cannot exist, so asking for one is a mistake. */
    static final int MAX_KEY_LENGTH = 64;

    private TelemetryParams() {
    }

    /**
     * The raw or aggregated query the request asks for.
     *
     * @param defaultLimit {@code limit} when the request gives none
     * @param maxLimit     the largest {@code limit} allowed
     */
    static TelemetryQuery query(ApiRequest req, String device, int defaultLimit, int maxLimit) {
        List<String> keys = keys(req);
        long from = timestamp(req, "from", 0);
        // No upper bound by default: points a device stamped ahead of the hub's clock are answered too.
        long to = timestamp(req, "to", Long.MAX_VALUE);
        if (from > to) {
            throw ApiException.badRequest("'from' (" + from + ") must not be after 'to' (" + to + ")");
        }
        int limit = limit(req.queryParam("limit"), defaultLimit, maxLimit);
        String aggText = req.queryParam("agg");
        String intervalText = req.queryParam("interval");
        boolean hasAgg = aggText != null && !aggText.isEmpty();
        boolean hasInterval = intervalText != null && !intervalText.isEmpty();
        if (!hasAgg) {
            if (hasInterval) {
                throw ApiException.badRequest("'interval' needs 'agg' (one of " + aggregations() + ")");
            }
            return TelemetryQuery.raw(device, keys, from, to, limit);
        }
        Aggregation agg = Aggregation.fromParameter(aggText);
        if (agg == null) {
            throw ApiException.badRequest("'agg' must be one of " + aggregations() + ", got '" + aggText + "'");
        }
        if (!hasInterval) {
            throw ApiException.badRequest("'agg' needs 'interval': the bucket length in milliseconds");
        }
        long interval = wholeNumber("interval", intervalText, "a whole number of milliseconds greater than 0");
        if (interval < 1) {
            throw ApiException.badRequest("'interval' must be a whole number of milliseconds greater than 0, got "
                    + intervalText);
        }
        return TelemetryQuery.aggregated(device, keys, from, to, limit, agg, interval);
    }

    /**
     * The keys asked for, in the order given, without repeats; empty for every key. {@code keys}
     * is a comma-separated list and may be given more than once. The transport decodes the query
     * before splitting, so a key that contains a comma cannot be named (it is answered when every
     * key is asked for).
     */
    static List<String> keys(ApiRequest req) {
        List<String> values = req.query().get("keys");
        if (values == null) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String value : values) {
            if (value.isEmpty()) {
                continue;
            }
            for (String key : value.split(",", -1)) {
                if (key.isEmpty()) {
                    throw ApiException.badRequest("'keys' must be key names separated by commas, without empty ones");
                }
                if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
                    throw ApiException.badRequest("'keys' names a key longer than " + MAX_KEY_LENGTH + " characters");
                }
                keys.add(key);
            }
        }
        return new ArrayList<>(keys);
    }

    private static long timestamp(ApiRequest req, String name, long absent) {
        String text = req.queryParam(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        long value = wholeNumber(name, text, "epoch milliseconds (a whole number, 0 or more)");
        if (value < 0) {
            throw ApiException.badRequest("'" + name + "' must be epoch milliseconds (a whole number, 0 or more), got "
                    + text);
        }
        return value;
    }

    private static int limit(String text, int defaultLimit, int maxLimit) {
        if (text == null || text.isEmpty()) {
            return defaultLimit;
        }
        String expected = "a whole number from 1 to " + maxLimit;
        long n = wholeNumber("limit", text, expected);
        if (n < 1 || n > maxLimit) {
            throw ApiException.badRequest("'limit' must be " + expected + ", got " + text);
        }
        return (int) n;
    }

    private static long wholeNumber(String name, String text, String expected) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be " + expected + ", got '" + text + "'");
        }
    }

    private static String aggregations() {
        List<String> names = new ArrayList<>();
        for (Aggregation a : Aggregation.values()) {
            names.add(a.parameter());
        }
        return String.join(", ", names);
    }
}
