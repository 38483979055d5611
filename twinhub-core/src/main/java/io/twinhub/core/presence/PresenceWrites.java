package io.twinhub.core.presence;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.AnyThread;
import io.twinhub.core.store.BrokerStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stores the retained presence documents in batches. Every connect and disconnect of a device
 * changes its document, so a reconnect storm of many thousand devices per second would otherwise
 * cost a write group per change. Here one group is in flight at a time, and a group starts at
 * most once per {@link #DEFAULT_INTERVAL_MILLIS pacing interval}; the documents announced
 * meanwhile wait, only the newest per device, and go together in the next group. A document
 * after a quiet spell is written at once.
 *
 * <p>Pacing matters because the store's writer is fast: without it, each group completed before
 * many more documents had come, and a storm of 15,000 connects per second still cost thousands of
 * groups per second, each with its own write and writer wake-up (about a fifth of the node's CPU
 * per connect).
 *
 * <p>Nothing waits for these writes: presence is the hub's own announcement, not something a
 * client was promised. A crash can lose the last interval's documents, which costs nothing
 * either: after a start every device is announced offline from whatever document was stored.
 * A clean stop writes what waits ({@link #flushAndStopPacing}).
 */
public final class PresenceWrites {

    /** The pacing interval of a node: at most 50 presence groups per second. */
    public static final long DEFAULT_INTERVAL_MILLIS = 20;

    private final BrokerStore store;
    private final ScheduledExecutorService timer;
    private final long intervalNanos;
    private final Object lock = new Object();
    /** By topic, the newest document not yet handed to the store; guarded by {@link #lock}. */
    private Map<String, Message> pending = new LinkedHashMap<>();
    /** Whether a group is in flight or the next one is scheduled; guarded by {@link #lock}. */
    private boolean writing;
    /** When the last group started (System.nanoTime); guarded by {@link #lock}. */
    private long lastStartNanos;
    /** The timer's write of the next group, while it waits; guarded by {@link #lock}. */
    private ScheduledFuture<?> scheduled;
    /** No more pacing: the node is stopping; guarded by {@link #lock}. */
    private boolean stopping;

    /**
     * @param timer runs the paced groups; tasks are short (may be null when {@code intervalMillis} is 0)
     * @param intervalMillis least time between the starts of two groups; 0 writes the next group
     *                       as soon as the previous one is done
     */
    public PresenceWrites(BrokerStore store, ScheduledExecutorService timer, long intervalMillis) {
        this.store = store;
        this.timer = timer;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.lastStartNanos = System.nanoTime() - intervalNanos;
    }

    /** Stores {@code document} (retained, payload on the heap) with the next batch. */
    @AnyThread
    void add(Message document) {
        Map<String, Message> batch;
        synchronized (lock) {
            pending.put(document.topic(), document);
            if (writing) {
                return;
            }
            writing = true;
            batch = takeWhenDue();
        }
        write(batch);
    }

    /**
     * For a clean stop, before the store closes: writes what waits now, and from here on every
     * group as soon as the previous one is done (the timer is about to stop).
     */
    @AnyThread
    public void flushAndStopPacing() {
        Map<String, Message> batch = null;
        synchronized (lock) {
            stopping = true;
            boolean timerCancelled = scheduled != null && scheduled.cancel(false);
            if (timerCancelled) {
                scheduled = null;
            }
            // a timer that could not be cancelled is running, and writes the batch itself
            if ((!writing || timerCancelled) && !pending.isEmpty()) {
                writing = true;
                batch = takePending();
            } else if (timerCancelled) {
                writing = false;
            }
        }
        write(batch);
    }

    /** Documents waiting for the next group (not those of the group in flight); for tests. */
    int waiting() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * Writes {@code batch}, then whatever came meanwhile, until nothing waits or the next group
     * is not due yet. A group normally completes later on the store's writer thread, which then
     * goes on; one that completes inside {@code commit} (the store refused it at once, or a store
     * that writes synchronously) is continued by this loop instead, so a long run of such
     * completions never deepens the stack.
     */
    private void write(Map<String, Message> batch) {
        while (batch != null) {
            BrokerStore.WriteGroup group = store.newUnsyncedGroup();
            batch.values().forEach(group::putRetained);
            // who goes on with the next batch: this loop if the group completed inside commit(),
            // else the completion; a failed write is dropped like any retained write nobody
            // waits for (the store reports it)
            AtomicBoolean decided = new AtomicBoolean();
            group.commit(error -> {
                if (!decided.compareAndSet(false, true)) {
                    write(nextBatch());
                }
            });
            if (decided.compareAndSet(false, true)) {
                return; // the completion will write the next batch
            }
            batch = nextBatch();
        }
    }

    /** After a group: the next batch if it is due, else null (and a timer for it, or nothing in flight). */
    private Map<String, Message> nextBatch() {
        synchronized (lock) {
            if (pending.isEmpty()) {
                writing = false;
                return null;
            }
            return takeWhenDue();
        }
    }

    /** Under the lock, with {@code writing} set: the batch if due now, else null and a timer to write it. */
    private Map<String, Message> takeWhenDue() {
        long wait = lastStartNanos + intervalNanos - System.nanoTime();
        if (wait <= 0 || stopping) {
            return takePending();
        }
        try {
            scheduled = timer.schedule(this::writeDue, wait, TimeUnit.NANOSECONDS);
            return null;
        } catch (RejectedExecutionException stopped) {
            return takePending(); // the node is stopping: no more pacing
        }
    }

    private void writeDue() {
        Map<String, Message> batch;
        synchronized (lock) {
            scheduled = null;
            if (pending.isEmpty()) {
                writing = false;
                return;
            }
            batch = takePending();
        }
        write(batch);
    }

    private Map<String, Message> takePending() {
        lastStartNanos = System.nanoTime();
        Map<String, Message> batch = pending;
        pending = new LinkedHashMap<>();
        return batch;
    }
}
