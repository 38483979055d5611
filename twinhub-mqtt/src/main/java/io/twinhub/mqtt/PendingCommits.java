package io.twinhub.mqtt;

import io.netty.channel.ChannelHandlerContext;

/**
 * The PUBLISH packets of one connection that wait for the store, and the back-pressure they
 * exert: past a bound the socket stops being read until the store catches up, so a publisher
 * faster than the disk is slowed down rather than buffered without limit.
 */
final class PendingCommits {

    private final ChannelHandlerContext ctx;
    private final int pauseAt;
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

    /** Runs a completion on the connection's loop: at once if already there, else queued in order. */
    void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }
}
