package io.twinhub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The PUBLISH packets of one connection that wait for the store or a hub service, and the
 * back-pressure they exert: past a bound the socket stops being read until they are done, so a
 * publisher faster than the disk is slowed down rather than buffered without limit.
 *
 * <p>Each waiting PUBLISH holds a ticket, numbered in arrival order; its completion runs only
 * after those of all earlier tickets, so acknowledgements (and shadow answers) leave in the
 * order the packets came, even though the store and the shadow shards finish them in their own.
 */
final class PendingCommits {

    /** A completion that must run in ticket order. */
    abstract static class Ordered implements Runnable {
        final long ticket;

        Ordered(long ticket) {
            this.ticket = ticket;
        }
    }

    /**
     * Completions per linked array of the queue above. Netty's default chunk is 1,024 slots (4 KiB
     * made per connection, most of a connect's garbage); a connection with more waiting links
     * further chunks.
     */
    private static final int COMPLETIONS_CHUNK = 32;

    private final ChannelHandlerContext ctx;
    private final int pauseAt;
    /** Completions handed over by other threads: {@link Ordered} ones and plain tasks. */
    private final Queue<Runnable> completed = PlatformDependent.newMpscQueue(COMPLETIONS_CHUNK, 1 << 30);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainCompleted;
    /** Completions that arrived before an earlier ticket's, by ticket; loop thread only. */
    private Ordered[] early = new Ordered[8];
    /** The oldest ticket not yet completed, and the next one to hand out. */
    private long head;
    private long tail;
    private boolean paused;
    /** Reading stopped until a service that was congested says it caught up. */
    private boolean held;

    PendingCommits(ChannelHandlerContext ctx, int pauseAt) {
        this.ctx = ctx;
        this.pauseAt = pauseAt;
    }

    boolean isIdle() {
        return head == tail;
    }

    /** Takes a ticket for a packet that waits; on the loop. */
    long started() {
        if (tail - head == early.length) {
            grow();
        }
        long ticket = tail++;
        if (tail - head >= pauseAt && !paused) {
            paused = true;
            updateReading();
        }
        return ticket;
    }

    private void finished() {
        head++;
        if (paused && tail - head <= pauseAt / 2) {
            paused = false;
            updateReading();
        }
    }

    /**
     * Stops reading the socket until {@code relief} runs the task it is given (from any thread):
     * for a service that has more waiting than it should, whatever this connection has waiting.
     * On the loop; a second call while held does nothing.
     */
    void holdReadingUntil(Consumer<Runnable> relief) {
        if (held) {
            return;
        }
        held = true;
        updateReading();
        relief.accept(() -> onLoop(() -> {
            held = false;
            updateReading();
        }));
    }

    private void updateReading() {
        ctx.channel().config().setAutoRead(!paused && !held);
    }

    /**
     * Runs a ticket's completion on the connection's loop once every earlier ticket's has run.
     * A store round completes many messages of one connection at once; they all run in one loop
     * task, so their acknowledgements go out in one write and one flush instead of a task, a
     * wake-up and a flush each.
     */
    void complete(Ordered completion) {
        if (ctx.executor().inEventLoop() && completed.isEmpty() && completion.ticket == head) {
            completion.run();
            finished();
            runReady();
            return;
        }
        handOver(completion);
    }

    /** Runs a task on the connection's loop, in the order handed over, outside the ticket order. */
    void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop() && completed.isEmpty()) {
            task.run();
            return;
        }
        handOver(task);
    }

    private void handOver(Runnable task) {
        completed.offer(task);
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(drainTask);
        }
    }

    private void drainCompleted() {
        drainScheduled.set(false); // before polling: a completion offered from now on schedules another drain
        for (Runnable task; (task = completed.poll()) != null; ) {
            if (task instanceof Ordered o) {
                early[slot(o.ticket)] = o;
                runReady();
            } else {
                task.run();
            }
        }
    }

    /** Runs the completions that are next in ticket order. */
    private void runReady() {
        while (head != tail) {
            int slot = slot(head);
            Ordered next = early[slot];
            if (next == null) {
                return;
            }
            early[slot] = null;
            next.run();
            finished();
        }
    }

    private int slot(long ticket) {
        return (int) (ticket & (early.length - 1));
    }

    private void grow() {
        Ordered[] bigger = new Ordered[early.length * 2];
        for (long t = head; t < tail; t++) {
            bigger[(int) (t & (bigger.length - 1))] = early[slot(t)];
        }
        early = bigger;
    }
}
