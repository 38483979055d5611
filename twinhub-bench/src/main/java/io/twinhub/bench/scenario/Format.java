package io.twinhub.bench.scenario;

import java.util.Locale;

/** Human formatting of figures: 1.23M, 456K, 0.84 ms, 37%. */
public final class Format {

    private Format() { }

    /** A progress-table cell for the value of column {@code key}. */
    static String cell(String key, Object value) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double v = n.doubleValue();
        if (Double.isNaN(v)) {
            return "-";
        }
        if (key.endsWith("_ms")) {
            return millis(v);
        }
        if (key.endsWith("_pct")) {
            return String.format(Locale.ROOT, "%.0f%%", v);
        }
        if (key.endsWith("_mib")) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return count(v);
    }

    /** 1234567 → "1.23M", 45678 → "45.7K", 12 → "12". */
    public static String count(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fK", v / 1e3);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String millis(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A figure value with its unit, for summaries and compare tables. */
    public static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return switch (unit) {
            case "ms" -> millis(v) + " ms";
            case "msg/s", "conn/s" -> count(v) + " " + unit;
            case "bytes" -> bytes(v);
            case "us" -> String.format(Locale.ROOT, "%.2f µs", v);
            case "cores" -> String.format(Locale.ROOT, "%.2f", v);
            case "%" -> String.format(Locale.ROOT, "%.1f%%", v);
            case "" -> count(v);
            default -> count(v) + " " + unit;
        };
    }

    public static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", v / 1048576);
        }
        if (a >= 1024) {
            return String.format(Locale.ROOT, "%.2f KiB", v / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", v);
    }

    public static String ratio(double r) {
        if (Double.isNaN(r)) {
            return "-";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.1f×" : "%.2f×", r);
    }
}
