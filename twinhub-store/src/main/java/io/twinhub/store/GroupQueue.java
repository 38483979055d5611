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
 * The order of accepted offers is the commit order.
 */
final class GroupQueue<T> {

    enum Offer { ACCEPTED, FULL, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    GroupQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Never blocks (beyond the short lock): callers are event loops. */
    Offer offer(T item) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (items.size() >= capacity) {
                return Offer.FULL;
            }
            items.addLast(item);
            if (items.size() == 1) {
                notEmpty.signal(); // only the single writer waits, and only on an empty queue
            }
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for an item, then moves up to {@code max} items into
     * {@code out}.
     *
     * @return false when the queue is closed and empty: the writer's cue to stop
     */
    boolean drain(List<T> out, int max, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (items.isEmpty() && !closed && left > 0) {
                left = notEmpty.awaitNanos(left);
            }
            for (int i = 0; i < max && !items.isEmpty(); i++) {
                out.add(items.pollFirst());
            }
            return !(closed && items.isEmpty());
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

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    static long forever() {
        return TimeUnit.DAYS.toNanos(1);
    }
}
