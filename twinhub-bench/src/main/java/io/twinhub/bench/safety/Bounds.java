package io.twinhub.bench.safety;

/**
 * Hard limits on what one bench invocation may do, so a typo cannot run for hours or open a
 * million sockets. Exceeding one is an error, not a silent cap.
 */
public final class Bounds {

    public static final int MAX_DURATION_SECONDS = 300;
    public static final int MAX_WARMUP_SECONDS = 60;
    public static final int MAX_DRAIN_SECONDS = 120;
    /** Per process: the open-file limit here is 20,000 and the JVM needs a few hundred itself. */
    public static final int MAX_CONNECTIONS_PER_PROCESS = 18_000;
    /** Per run, across child processes. */
    public static final int MAX_CONNECTIONS = 100_000;
    public static final int MAX_PUBLISHERS = 10_000;
    public static final int MAX_SUBSCRIBERS = 1_000;
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final double MAX_RATE = 50_000_000;
    public static final int MAX_THREADS = 64;
    public static final int MAX_ROUNDS = 20;

    private Bounds() { }

    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static void range(String option, long value, long min, long max) {
        check(value >= min && value <= max, option + " must be between " + min + " and " + max + ", got " + value);
    }

    public static void range(String option, double value, double min, double max) {
        check(value >= min && value <= max, option + " must be between " + min + " and " + max + ", got " + value);
    }
}
