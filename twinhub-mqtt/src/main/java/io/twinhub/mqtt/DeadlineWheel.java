package io.twinhub.mqtt;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The idle deadlines (CONNECT timeout, 1.5 × keep-alive) of one event loop's connections, on a
 * hashed wheel the loop turns every {@link #TICK_MILLIS}.
 *
 * <p>One timer per connection, scheduled at accept, replaced at CONNACK and cancelled at close,
 * costs three O(log n) operations on the loop's heap of all connections' timers; at tens of
 * thousands of connects per second that heap was a tenth of the loop's time. Here adding and
 * removing a deadline are O(1) pointer updates, and traffic only writes a tick number: a connection
 * that keeps talking is looked at once per idle period, when its old slot comes round, and then
 * moved to the slot of its new deadline.
 *
 * <p>A deadline never fires early; it fires at most two ticks late. Loop thread only.
 */
final class DeadlineWheel {

    static final long TICK_MILLIS = 100;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** A power of two; one turn is 102.4 s, longer deadlines wait out whole turns in their slot. */
    private static final int SLOTS = 1024;
    private static final int MASK = SLOTS - 1;
    /** The list being worked through by {@link #turnTo}; a deadline there can still be removed. */
    private static final int DUE = SLOTS;
    private static final int UNLINKED = -1;

    private static final FastThreadLocal<DeadlineWheel> PER_LOOP = new FastThreadLocal<>();

    /** One connection's deadline: fires {@link #expired()} once it has been idle for its timeout. */
    abstract static class Deadline {
        private Deadline prev;
        private Deadline next;
        private int slot = UNLINKED;
        private long lastActiveTick;
        private long timeoutTicks;

        /** Called on the loop when the timeout passed without {@link DeadlineWheel#touch}. */
        abstract void expired();

        private long dueTick() {
            // +1: the last activity happened somewhere inside its tick, so the deadline is counted
            // from that tick's end.
            return lastActiveTick + timeoutTicks + 1;
        }
    }

    private final Deadline[] slots = new Deadline[SLOTS + 1];
    private final EventExecutor loop;
    private final LongSupplier nanoClock;
    private final long originNanos;
    /** The last tick whose slot was worked through. */
    private long turnedTo;
    private int size;
    private boolean ticking;
    private final Runnable tickTask = this::tick;

    DeadlineWheel(EventExecutor loop, LongSupplier nanoClock) {
        this.loop = loop;
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong();
    }

    /** The wheel of the calling event loop's thread, made on first use. */
    static DeadlineWheel of(EventExecutor loop) {
        assert loop.inEventLoop();
        DeadlineWheel w = PER_LOOP.getIfExists();
        if (w == null) {
            w = new DeadlineWheel(loop, System::nanoTime);
            PER_LOOP.set(w);
        }
        return w;
    }

    /**
     * Starts {@code d}'s idle timeout, counted from now; a running one is restarted with the new
     * timeout (moved, since it may now be due sooner than the slot it waits in).
     */
    void start(Deadline d, long timeoutMillis) {
        d.timeoutTicks = Math.max(1, (timeoutMillis + TICK_MILLIS - 1) / TICK_MILLIS);
        d.lastActiveTick = nowTick();
        if (d.slot != UNLINKED) {
            unlink(d);
        } else {
            if (!ticking) {
                ticking = true;
                turnedTo = d.lastActiveTick;
                loop.schedule(tickTask, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
            size++;
        }
        link(d);
    }

    /**
     * The connection was heard from: its idle time starts again. A clock read and a field write;
     * called once per read burst.
     */
    void touch(Deadline d) {
        d.lastActiveTick = nowTick();
    }

    /** Stops {@code d}; nothing happens if it is not running. */
    void stop(Deadline d) {
        if (d.slot != UNLINKED) {
            unlink(d);
            size--;
        }
    }

    int size() {
        return size;
    }

    long nowTick() {
        return (nanoClock.getAsLong() - originNanos) / TICK_NANOS;
    }

    private void tick() {
        turnTo(nowTick());
        if (size > 0) {
            loop.schedule(tickTask, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticking = false;
        }
    }

    /** Works through the slots of every tick up to {@code now}; visible for tests with their own clock. */
    void turnTo(long now) {
        long from = Math.max(turnedTo + 1, now - MASK);
        for (long t = from; t <= now; t++) {
            int s = (int) (t & MASK);
            for (Deadline d = slots[s]; d != null; d = d.next) {
                d.slot = DUE;
            }
            slots[DUE] = slots[s];
            slots[s] = null;
            for (Deadline d; (d = slots[DUE]) != null; ) {
                unlink(d);
                if (d.dueTick() <= now) {
                    size--;
                    d.expired(); // may stop other deadlines, including ones still in the DUE list
                } else {
                    link(d);
                }
            }
        }
        turnedTo = Math.max(turnedTo, now);
    }

    private void link(Deadline d) {
        // Always a slot still ahead: a deadline is due at least two ticks after it was last
        // touched, and one relinked by turnTo is due after the tick being worked through.
        int s = (int) (d.dueTick() & MASK);
        Deadline head = slots[s];
        d.prev = null;
        d.next = head;
        if (head != null) {
            head.prev = d;
        }
        slots[s] = d;
        d.slot = s;
    }

    private void unlink(Deadline d) {
        if (d.prev != null) {
            d.prev.next = d.next;
        } else {
            slots[d.slot] = d.next;
        }
        if (d.next != null) {
            d.next.prev = d.prev;
        }
        d.prev = null;
        d.next = null;
        d.slot = UNLINKED;
    }
}
