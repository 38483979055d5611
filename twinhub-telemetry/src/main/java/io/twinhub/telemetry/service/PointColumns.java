package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.QueryPoint;
import io.twinhub.telemetry.series.ChunkCodec;
import io.twinhub.telemetry.service.SeriesBuffer.SeriesPoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The points of one series that a query collects, as primitive columns (no object per number),
 * keeping only those in [{@code from}, {@code to}). Used by one query's thread.
 */
final class PointColumns implements ChunkCodec.PointSink {

    static final byte FRACTIONAL = 0;
    static final byte INTEGRAL = 1;
    static final byte STRING = 2;
    static final byte FALSE = 3;
    static final byte TRUE = 4;

    private final long from;
    private final long to;
    long[] ts = new long[64];
    byte[] kind = new byte[64];
    double[] number = new double[64];
    /** Allocated at the first string point. */
    String[] string;
    int size;

    PointColumns(long from, long to) {
        this.from = from;
        this.to = to;
    }

    private int slot(long t) {
        if (t < from || t >= to) {
            return -1;
        }
        if (size == ts.length) {
            int n = size * 2;
            ts = Arrays.copyOf(ts, n);
            kind = Arrays.copyOf(kind, n);
            number = Arrays.copyOf(number, n);
            if (string != null) {
                string = Arrays.copyOf(string, n);
            }
        }
        ts[size] = t;
        return size++;
    }

    @Override
    public void number(long t, double v, boolean integral) {
        int i = slot(t);
        if (i >= 0) {
            kind[i] = integral ? INTEGRAL : FRACTIONAL;
            number[i] = v;
        }
    }

    @Override
    public void string(long t, String v) {
        int i = slot(t);
        if (i >= 0) {
            kind[i] = STRING;
            if (string == null) {
                string = new String[ts.length];
            }
            string[i] = v;
        }
    }

    @Override
    public void bool(long t, boolean v) {
        int i = slot(t);
        if (i >= 0) {
            kind[i] = v ? TRUE : FALSE;
        }
    }

    void addAll(SeriesPoints points) {
        long[] t = points.ts();
        TelemetryValue[] v = points.values();
        for (int i = 0; i < t.length; i++) {
            switch (v[i]) {
                case TelemetryValue.NumberValue n -> number(t[i], n.value(), n.integral());
                case TelemetryValue.StringValue s -> string(t[i], s.value());
                case TelemetryValue.BooleanValue b -> bool(t[i], b.value());
            }
        }
    }

    TelemetryValue value(int i) {
        return switch (kind[i]) {
            case FRACTIONAL -> TelemetryValue.of(number[i], false);
            case INTEGRAL -> TelemetryValue.of(number[i], true);
            case STRING -> TelemetryValue.of(string[i]);
            case TRUE -> TelemetryValue.of(true);
            default -> TelemetryValue.of(false);
        };
    }

    boolean isNumber(int i) {
        return kind[i] <= INTEGRAL;
    }

    /** The newest {@code limit} points, newest first. */
    List<QueryPoint> newestFirst(int limit) {
        int[] order = TimeOrder.ascending(ts, size);
        List<QueryPoint> answer = new ArrayList<>(Math.min(limit, size));
        for (int k = size - 1; k >= 0 && answer.size() < limit; k--) {
            int i = order[k];
            answer.add(new QueryPoint(ts[i], value(i)));
        }
        return answer;
    }
}
