package io.twinhub.telemetry.service;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of accepted payloads that wait for the store, against a bound: above it the service
 * is congested; waiting sources are let go again once below half of it, so they do not flap.
 * Thread-safe.
 */
final class FlowControl {

    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    /** The most bytes ever waiting at once: what overload cost in memory. */
    private final AtomicLong peakBytes = new AtomicLong();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    FlowControl(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    AtomicLong queuedBytes() {
        return queuedBytes;
    }

    AtomicLong peakBytes() {
        return peakBytes;
    }

    boolean congested() {
        return queuedBytes.get() > maxBytes;
    }

    void queued(long bytes) {
        long now = queuedBytes.addAndGet(bytes);
        if (now > peakBytes.get()) {
            peakBytes.accumulateAndGet(now, Math::max);
        }
    }

    void released(long bytes) {
        if (queuedBytes.addAndGet(-bytes) <= maxBytes / 2 && !waiting.isEmpty()) {
            relieve();
        }
    }

    void whenRelieved(Runnable task) {
        if (!congested()) {
            task.run();
            return;
        }
        waiting.add(task);
        // The queue may have drained between the check and the add: look again.
        if (queuedBytes.get() <= maxBytes / 2) {
            relieve();
        }
    }

    private void relieve() {
        Runnable task;
        while ((task = waiting.poll()) != null) {
            task.run();
        }
    }
}
