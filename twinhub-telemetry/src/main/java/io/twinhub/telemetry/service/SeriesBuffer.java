package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.QueryPoint;

import java.util.Arrays;

/**
 * The points of one series (device, key) that are in the ingest log but not yet in chunks, in
 * arrival order (not sorted), plus the latest of them. Owned by one shard's thread; only the
 * published latest point is read by others.
 */
final class SeriesBuffer {

    private long[] ts = new long[8];
    private TelemetryValue[] values = new TelemetryValue[8];
    private int size;
    private long latestTs = Long.MIN_VALUE;
    private TelemetryValue latestValue;
    /** The latest as of the last {@link #publishLatest}, for readers on other threads. */
    private volatile QueryPoint published;
    /** Changed since the last {@link #publishLatest}. */
    boolean touched;

    void add(long t, TelemetryValue value) {
        if (size == ts.length) {
            ts = Arrays.copyOf(ts, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        ts[size] = t;
        values[size] = value;
        size++;
        if (t >= latestTs) { // of equal timestamps the later stored wins
            latestTs = t;
            latestValue = value;
        }
    }

    /** Makes the latest point seen by {@link #publishedLatest} on any thread; on the owner's thread. */
    void publishLatest() {
        published = new QueryPoint(latestTs, latestValue);
        touched = false;
    }

    /** The latest point when last published, or null; any thread. */
    QueryPoint publishedLatest() {
        return published;
    }

    int size() {
        return size;
    }

    long latestTs() {
        return latestTs;
    }

    TelemetryValue latestValue() {
        return latestValue;
    }

    /** A copy of the points with {@code from <= ts < to}, in arrival order. */
    SeriesPoints copy(long from, long to) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (ts[i] >= from && ts[i] < to) {
                n++;
            }
        }
        long[] t = new long[n];
        TelemetryValue[] v = new TelemetryValue[n];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (ts[i] >= from && ts[i] < to) {
                t[k] = ts[i];
                v[k++] = values[i];
            }
        }
        return new SeriesPoints(t, v);
    }

    /** All points sorted by time (arrival order among equal timestamps), for writing chunks. */
    SeriesPoints sorted() {
        int[] order = TimeOrder.ascending(ts, size);
        long[] t = new long[size];
        TelemetryValue[] v = new TelemetryValue[size];
        for (int i = 0; i < size; i++) {
            t[i] = ts[order[i]];
            v[i] = values[order[i]];
        }
        return new SeriesPoints(t, v);
    }

    /** Points as parallel arrays of equal length. */
    record SeriesPoints(long[] ts, TelemetryValue[] values) {
        static final SeriesPoints NONE = new SeriesPoints(new long[0], new TelemetryValue[0]);
    }
}
