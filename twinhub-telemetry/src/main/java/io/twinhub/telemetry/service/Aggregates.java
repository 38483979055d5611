package io.twinhub.telemetry.service;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.query.Aggregation;
import io.twinhub.telemetry.query.QueryPoint;

import java.util.ArrayList;
import java.util.List;

/**
 * One aggregate per epoch-aligned interval bucket, newest bucket first; a bucket with no
 * qualifying point (no number, for all but {@code count}) is left out. Works on the primitive
 * columns: nothing is allocated per point.
 */
final class Aggregates {

    private Aggregates() { }

    static List<QueryPoint> of(PointColumns points, Aggregation aggregation, long interval, int limit) {
        int[] order = TimeOrder.ascending(points.ts, points.size);
        List<QueryPoint> answer = new ArrayList<>();
        Bucket bucket = new Bucket();
        for (int k = order.length - 1; k >= 0; k--) {
            int i = order[k];
            long start = Math.floorDiv(points.ts[i], interval) * interval;
            if (bucket.count > 0 && start != bucket.start) {
                bucket.emit(aggregation, answer);
                if (answer.size() == limit) {
                    return answer;
                }
                bucket.reset();
            }
            bucket.start = start;
            bucket.add(points, i);
        }
        if (bucket.count > 0 && answer.size() < limit) {
            bucket.emit(aggregation, answer);
        }
        return answer;
    }

    private static final class Bucket {
        long start;
        long count;
        long numbers;
        double sum;
        boolean allIntegral = true;
        double min;
        boolean minIntegral;
        double max;
        boolean maxIntegral;

        void reset() {
            count = 0;
            numbers = 0;
            sum = 0;
            allIntegral = true;
        }

        void add(PointColumns points, int i) {
            count++;
            if (!points.isNumber(i)) {
                return;
            }
            double v = points.number[i];
            boolean integral = points.kind[i] == PointColumns.INTEGRAL;
            if (numbers == 0 || v < min) {
                min = v;
                minIntegral = integral;
            }
            if (numbers == 0 || v > max) {
                max = v;
                maxIntegral = integral;
            }
            numbers++;
            sum += v;
            allIntegral &= integral;
        }

        void emit(Aggregation aggregation, List<QueryPoint> answer) {
            if (aggregation != Aggregation.COUNT && numbers == 0) {
                return;
            }
            if (!Double.isFinite(sum) && (aggregation == Aggregation.SUM || aggregation == Aggregation.AVG)) {
                return; // beyond a double: no number to give
            }
            TelemetryValue value = switch (aggregation) {
                case COUNT -> TelemetryValue.of(count, true);
                case SUM -> TelemetryValue.of(sum, allIntegral);
                case AVG -> TelemetryValue.of(sum / numbers, false);
                case MIN -> TelemetryValue.of(min, minIntegral);
                case MAX -> TelemetryValue.of(max, maxIntegral);
            };
            answer.add(new QueryPoint(start, value));
        }
    }
}
