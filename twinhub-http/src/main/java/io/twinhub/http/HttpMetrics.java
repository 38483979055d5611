package io.twinhub.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of the API's answers by status code, exported as {@code twinhub_http_responses_total}. */
public final class HttpMetrics {

    private final ConcurrentHashMap<Integer, LongAdder> responses = new ConcurrentHashMap<>();

    public void responded(int status) {
        responses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** Status code to count, in code order. */
    public Map<Integer, Long> responses() {
        Map<Integer, Long> out = new TreeMap<>();
        responses.forEach((status, count) -> out.put(status, count.sum()));
        return out;
    }
}
