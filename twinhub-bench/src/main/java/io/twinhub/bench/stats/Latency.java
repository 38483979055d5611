package io.twinhub.bench.stats;

import org.HdrHistogram.Histogram;

/**
 * Latency histograms: nanosecond values, 3 significant digits, up to 10 minutes. Values outside
 * the range are clamped rather than thrown away, so a stall still shows up as a (huge) maximum.
 */
public final class Latency {

    /** The kinds of latency we record. */
    public enum Kind {
        /** PUBLISH written (or intended, open loop) → PUBACK (QoS 1) or PUBCOMP (QoS 2) read. */
        ACK,
        /** PUBLISH written (or intended) → the subscriber reads it; timestamp carried in the payload. */
        END_TO_END,
        /** TCP connect started → CONNACK read. */
        CONNECT,
        /** Shadow scenario: an application's desired update written (intended) → its accepted answer read. */
        DESIRED_ACK
    }

    public static final long HIGHEST_NANOS = 600_000_000_000L;
    public static final int DIGITS = 3;

    private Latency() { }

    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_NANOS, DIGITS);
    }

    public static long clamp(long nanos) {
        if (nanos < 1) {
            return 1;
        }
        return Math.min(nanos, HIGHEST_NANOS);
    }

    /** A percentile in milliseconds, or NaN when nothing was recorded. */
    public static double percentileMillis(Histogram h, double percentile) {
        if (h == null || h.getTotalCount() == 0) {
            return Double.NaN;
        }
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    public static double maxMillis(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return Double.NaN;
        }
        return h.getMaxValue() / 1e6;
    }
}
