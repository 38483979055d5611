package io.twinhub.bench.client;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Opens many connections with a bounded number in progress at once (a burst of 18K SYNs would
 * overflow the server's accept backlog and measure the kernel's retry timer), optionally at a
 * fixed rate, and waits until each is ready or has failed.
 */
public final class ConnectDriver implements ConnListener {

    private final Connector connector;
    private final int concurrency;
    private final double ratePerSecond;
    private final Semaphore permits;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ConnListener downstream;

    /** @param ratePerSecond 0 = as fast as the concurrency bound allows */
    public ConnectDriver(Connector connector, int concurrency, double ratePerSecond, ConnListener downstream) {
        this.connector = connector;
        this.concurrency = concurrency;
        this.ratePerSecond = ratePerSecond;
        this.permits = new Semaphore(concurrency);
        this.downstream = downstream;
    }

    /** What happened to one batch of connections. */
    public record Outcome(int ready, int failed, int pending, long startNanos, long endNanos) {
        public boolean complete() {
            return pending == 0 && failed == 0;
        }
    }

    /**
     * Connects {@code conns} and waits until all are settled or {@code deadlineNanos} passes.
     * {@code abort} is polled while waiting (for example: the server process died).
     */
    public Outcome connectAll(List<? extends BenchConnection> conns, long deadlineNanos, BooleanSupplier abort)
            throws InterruptedException {
        int readyBefore = ready.get();
        int failedBefore = failed.get();
        long start = System.nanoTime();
        int opened = 0;
        for (BenchConnection c : conns) {
            if (ratePerSecond > 0) {
                long due = start + (long) (opened * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadlineNanos || abort.getAsBoolean()) {
                    return outcome(conns.size(), readyBefore, failedBefore, start, opened);
                }
            }
            c.listener(this);
            connector.connect(c);
            opened++;
        }
        // Everything started; wait for the last permits to come back.
        while (settled(readyBefore, failedBefore) < conns.size()) {
            if (System.nanoTime() > deadlineNanos || abort.getAsBoolean()) {
                break;
            }
            Thread.sleep(5);
        }
        return outcome(conns.size(), readyBefore, failedBefore, start, opened);
    }

    private int settled(int readyBefore, int failedBefore) {
        return ready.get() - readyBefore + failed.get() - failedBefore;
    }

    private Outcome outcome(int total, int readyBefore, int failedBefore, long start, int opened) {
        int r = ready.get() - readyBefore;
        int f = failed.get() - failedBefore;
        return new Outcome(r, f, total - r - f, start, lastSettledNanos(start));
    }

    private volatile long lastSettled;

    private long lastSettledNanos(long start) {
        long t = lastSettled;
        return t == 0 ? start : t;
    }

    @Override
    public void onReady(BenchConnection c) {
        lastSettled = System.nanoTime();
        ready.incrementAndGet();
        permits.release();
        if (downstream != null) {
            downstream.onReady(c);
        }
    }

    @Override
    public void onFailed(BenchConnection c, String reason) {
        lastSettled = System.nanoTime();
        failed.incrementAndGet();
        permits.release();
        if (downstream != null) {
            downstream.onFailed(c, reason);
        }
    }

    @Override
    public void onLost(BenchConnection c) {
        if (downstream != null) {
            downstream.onLost(c);
        }
    }

    public int concurrency() {
        return concurrency;
    }
}
