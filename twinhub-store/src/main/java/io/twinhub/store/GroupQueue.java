package io.twinhub.store;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off from committers to the writer thread. Unlike a BlockingQueue it is
 * closed atomically with respect to offers: once {@link #close()} returns, every group ever
 * accepted will be seen by the writer, and every later offer is refused, so no callback is lost.
 *
 * <p>Two lanes: {@link Lane#ORDINARY} and {@link Lane#BULK}. The writer always takes what waits
 * in the ordinary lane first, then fills the rest of its round from the bulk lane, so a flood of
 * bulk groups (telemetry) never delays an ordinary one (a shadow update) by more than the round
 * being written. Within a lane the order of accepted offers is the commit order. Each lane has
 * its own capacity, so a full bulk lane never makes an ordinary group be refused.
 */
final class GroupQueue<T> {

    enum Offer { ACCEPTED, FULL, CLOSED }

    enum Lane { ORDINARY, BULK }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> ordinary = new ArrayDeque<>();
    private final ArrayDeque<T> bulk = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    /** @param capacity the bound of each lane */
    GroupQueue(int capacity) {
        this.capacity = capacity;
    }

    /** An ordinary offer. */
    Offer offer(T item) {
        return offer(item, Lane.ORDINARY);
    }

    /** Never blocks (beyond the short lock): callers are event loops. */
    Offer offer(T item, Lane lane) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            ArrayDeque<T> items = lane == Lane.BULK ? bulk : ordinary;
            if (items.size() >= capacity) {
                return Offer.FULL;
            }
            items.addLast(item);
            if (ordinary.size() + bulk.size() == 1) {
                notEmpty.signal(); // only the single writer waits, and only on an empty queue
            }
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for an item, then moves up to {@code max} items into
     * {@code out}: every waiting ordinary item first (up to {@code max}), then bulk ones.
     *
     * @return false when the queue is closed and empty: the writer's cue to stop
     */
    boolean drain(List<T> out, int max, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (isEmpty() && !closed && left > 0) {
                left = notEmpty.awaitNanos(left);
            }
            int taken = 0;
            for (; taken < max && !ordinary.isEmpty(); taken++) {
                out.add(ordinary.pollFirst());
            }
            for (; taken < max && !bulk.isEmpty(); taken++) {
                out.add(bulk.pollFirst());
            }
            return !(closed && isEmpty());
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting in both lanes. */
    int size() {
        lock.lock();
        try {
            return ordinary.size() + bulk.size();
        } finally {
            lock.unlock();
        }
    }

    int size(Lane lane) {
        lock.lock();
        try {
            return lane == Lane.BULK ? bulk.size() : ordinary.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean isEmpty() {
        return ordinary.isEmpty() && bulk.isEmpty();
    }

    static long forever() {
        return TimeUnit.DAYS.toNanos(1);
    }
}
