package io.twinhub.bench.stats;

/** Rate arithmetic in one place, so every figure divides the same way. */
public final class Rates {

    private Rates() { }

    /** {@code count} events over {@code nanos} as events per second; 0 when the interval is empty. */
    public static double perSecond(long count, long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return count * 1e9 / nanos;
    }

    /** CPU nanoseconds per event, in microseconds; NaN when there were no events. */
    public static double microsPerEvent(long cpuNanos, long events) {
        if (events <= 0 || cpuNanos < 0) {
            return Double.NaN;
        }
        return cpuNanos / 1e3 / events;
    }

    /** CPU time over wall time: 1.0 means one core fully busy. */
    public static double cores(long cpuNanos, long wallNanos) {
        if (wallNanos <= 0 || cpuNanos < 0) {
            return Double.NaN;
        }
        return (double) cpuNanos / wallNanos;
    }

    /** a / b, NaN when either is not a positive finite number. */
    public static double ratio(double a, double b) {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return Double.NaN;
        }
        return a / b;
    }
}
