package io.twinhub.bench.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.twinhub.bench.stats.OpenLoopSchedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Opens many connections with a bounded number in progress at once (a burst of thousands of SYNs
 * overflows the server's listen backlog and then measures the kernel's 1 s SYN retry), optionally
 * at a fixed rate, and waits until each is ready or has failed.
 *
 * <p>Each event loop opens its own share of the connections, on its own thread, and starts the
 * next one when one settles. Handing every connect from a control thread to a loop cost two
 * thread wake-ups per connection, which made the generator slower than the servers it measured.
 */
public final class ConnectDriver {

    private final Connector connector;
    private final List<EventExecutor> loops;
    private final int concurrency;
    private final double ratePerSecond;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long lastSettled;

    /**
     * @param concurrency connections in progress at once, over all loops
     * @param ratePerSecond connects started per second over all loops; 0 = as fast as the bound allows
     */
    public ConnectDriver(Connector connector, List<EventExecutor> loops, int concurrency, double ratePerSecond) {
        this.connector = connector;
        this.loops = loops;
        this.concurrency = concurrency;
        this.ratePerSecond = ratePerSecond;
    }

    /** What happened to one batch of connections; times are System.nanoTime. */
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
        lastSettled = start;
        int n = loops.size();
        List<Lane> lanes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int limit = Math.max(1, concurrency / n + (i < concurrency % n ? 1 : 0));
            OpenLoopSchedule schedule = ratePerSecond > 0
                    ? OpenLoopSchedule.forSender(start, ratePerSecond / n, i, n) : null;
            lanes.add(new Lane((EventLoop) loops.get(i), limit, schedule));
        }
        for (int i = 0; i < conns.size(); i++) {
            lanes.get(i % n).queue.add(conns.get(i));
        }
        for (Lane lane : lanes) {
            lane.loop.execute(lane::startMore);
        }
        while (ready.get() - readyBefore + failed.get() - failedBefore < conns.size()) {
            if (System.nanoTime() > deadlineNanos || abort.getAsBoolean()) {
                for (Lane lane : lanes) {
                    lane.loop.execute(lane.queue::clear);
                }
                break;
            }
            Thread.sleep(2);
        }
        int r = ready.get() - readyBefore;
        int f = failed.get() - failedBefore;
        return new Outcome(r, f, conns.size() - r - f, start, lastSettled);
    }

    /** One loop's share: its queue, its in-progress count, its part of the rate. */
    private final class Lane implements ConnListener {
        final EventLoop loop;
        final int limit;
        final OpenLoopSchedule schedule;
        final ArrayDeque<BenchConnection> queue = new ArrayDeque<>();
        int inProgress;
        long started;
        boolean timerSet;
        boolean starting;

        Lane(EventLoop loop, int limit, OpenLoopSchedule schedule) {
            this.loop = loop;
            this.limit = limit;
            this.schedule = schedule;
        }

        void startMore() {
            if (starting) {
                return; // a connect failed inline; the loop below carries on
            }
            starting = true;
            try {
                startLoop();
            } finally {
                starting = false;
            }
        }

        private void startLoop() {
            long now = schedule == null ? 0 : System.nanoTime();
            while (inProgress < limit && !queue.isEmpty()) {
                if (schedule != null && schedule.dueCount(now) <= started) {
                    if (!timerSet) {
                        timerSet = true;
                        loop.schedule(() -> {
                            timerSet = false;
                            startMore();
                        }, Math.max(1, schedule.intendedNanos(started) - now), TimeUnit.NANOSECONDS);
                    }
                    return;
                }
                BenchConnection c = queue.poll();
                c.listener(this);
                inProgress++;
                started++;
                connector.connect(c, loop);
            }
        }

        @Override
        public void onReady(BenchConnection c) {
            settled(true);
        }

        @Override
        public void onFailed(BenchConnection c, String reason) {
            settled(false);
        }

        private void settled(boolean ok) {
            if (!loop.inEventLoop()) {
                loop.execute(() -> settled(ok)); // e.g. the socket could not even be created
                return;
            }
            lastSettled = System.nanoTime();
            (ok ? ready : failed).incrementAndGet();
            inProgress--;
            startMore();
        }
    }
}
