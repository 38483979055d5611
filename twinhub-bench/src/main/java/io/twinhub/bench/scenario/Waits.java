package io.twinhub.bench.scenario;

import java.util.function.BooleanSupplier;

/** Bounded waiting: every wait in a run has a deadline, so a stalled server cannot hang the bench. */
final class Waits {

    private Waits() { }

    /** Polls {@code done} every millisecond until true (returns true) or timeout/abort (false). */
    static boolean until(BooleanSupplier done, long timeoutNanos, BooleanSupplier abort) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline || abort.getAsBoolean()) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Sleeps {@code nanos}, waking every 100 ms to check {@code abort}; false if aborted. */
    static boolean sleep(long nanos, BooleanSupplier abort) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            if (abort.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return true;
    }
}
