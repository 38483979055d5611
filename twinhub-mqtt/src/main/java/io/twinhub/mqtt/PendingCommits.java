package io.twinhub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PUBLISH packets of one connection that wait for the store, and the back-pressure they
 * exert: past a bound the socket stops being read until the store catches up, so a publisher
 * faster than the disk is slowed down rather than buffered without limit.
 */
final class PendingCommits {

    private final ChannelHandlerContext ctx;
    private final int pauseAt;
    /** Completions handed over by the store's writer thread, in commit order. */
    private final Queue<Runnable> completed = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainCompleted;
    private int pending;
    private boolean paused;

    PendingCommits(ChannelHandlerContext ctx, int pauseAt) {
        this.ctx = ctx;
        this.pauseAt = pauseAt;
    }

    boolean isIdle() {
        return pending == 0;
    }

    void started() {
        pending++;
        if (pending >= pauseAt && !paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    void finished() {
        pending--;
        if (paused && pending <= pauseAt / 2) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Runs a completion on the connection's loop, after those handed over before it: at once if
     * already there with nothing queued, else queued. A store round completes many messages of
     * one connection at once; they all run in one loop task, so their acknowledgements go out
     * in one write and one flush instead of a task, a wake-up and a flush each.
     */
    void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop() && completed.isEmpty()) {
            task.run();
            return;
        }
        completed.offer(task);
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(drainTask);
        }
    }

    private void drainCompleted() {
        drainScheduled.set(false); // before polling: a completion offered from now on schedules another drain
        for (Runnable task; (task = completed.poll()) != null; ) {
            task.run();
        }
    }
}
