package io.twinhub.bench.stats;

/**
 * When one open-loop sender's messages are due: message {@code i} (from 0) is due at
 * {@code first + i × interval}. Integer nanoseconds keep {@link #dueCount} and
 * {@link #intendedNanos} exact inverses of each other. Latency is measured from the intended time,
 * so a sender that falls behind shows the delay instead of hiding it (no coordinated omission).
 */
public final class OpenLoopSchedule {

    private final long firstNanos;
    private final long intervalNanos;

    public OpenLoopSchedule(long firstNanos, long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.firstNanos = firstNanos;
        this.intervalNanos = intervalNanos;
    }

    /**
     * The schedule of sender {@code index} of {@code senders}, all at {@code ratePerSender}
     * messages per second and phase-shifted so that together they send evenly rather than in bursts.
     */
    public static OpenLoopSchedule forSender(long originNanos, double ratePerSender, int index, int senders) {
        long interval = intervalNanos(ratePerSender);
        long offset = (long) ((double) interval * index / Math.max(1, senders));
        return new OpenLoopSchedule(originNanos + offset, interval);
    }

    /** Nanoseconds between two messages at {@code ratePerSecond}, at least 1. */
    public static long intervalNanos(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        return Math.max(1, Math.round(1e9 / ratePerSecond));
    }

    /** How many messages are due at {@code nowNanos} (message 0 is due at the first instant). */
    public long dueCount(long nowNanos) {
        long elapsed = nowNanos - firstNanos;
        if (elapsed < 0) {
            return 0;
        }
        return elapsed / intervalNanos + 1;
    }

    /** When message {@code index} should be sent. */
    public long intendedNanos(long index) {
        return firstNanos + index * intervalNanos;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    public long firstNanos() {
        return firstNanos;
    }

    /** The rate this schedule really runs at (the interval is rounded to whole nanoseconds). */
    public double effectiveRate() {
        return 1e9 / intervalNanos;
    }
}
