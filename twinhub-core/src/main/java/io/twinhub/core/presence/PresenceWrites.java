package io.twinhub.core.presence;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.AnyThread;
import io.twinhub.core.store.BrokerStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stores the retained presence documents in batches. Every connect and disconnect of a device
 * changes its document, so a reconnect storm of many thousand devices per second would otherwise
 * cost a write group per change. Here one group is in flight at a time; the documents announced
 * meanwhile wait, only the newest per device, and the next group writes them all once the
 * previous one is done (the same self-clocking as the store's group commit).
 *
 * <p>Nothing waits for these writes: presence is the hub's own announcement, not something a
 * client was promised. A crash can lose the last batch, which costs nothing either: after a
 * start every device is announced offline from whatever document was stored.
 */
final class PresenceWrites {

    private final BrokerStore store;
    private final Object lock = new Object();
    /** By topic, the newest document not yet handed to the store; guarded by {@link #lock}. */
    private Map<String, Message> pending = new LinkedHashMap<>();
    /** Whether a group is in flight; guarded by {@link #lock}. */
    private boolean writing;

    PresenceWrites(BrokerStore store) {
        this.store = store;
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
            batch = takePending();
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
     * Writes {@code batch}, then whatever came meanwhile, until nothing waits. A group normally
     * completes later on the store's writer thread, which then writes the next batch; one that
     * completes inside {@code commit} (the store refused it at once, or a store that writes
     * synchronously) is continued by this loop instead, so a long run of such completions never
     * deepens the stack.
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

    /** The documents that came meanwhile, or null (and nothing in flight any more) if none did. */
    private Map<String, Message> nextBatch() {
        synchronized (lock) {
            if (pending.isEmpty()) {
                writing = false;
                return null;
            }
            return takePending();
        }
    }

    private Map<String, Message> takePending() {
        writing = true;
        Map<String, Message> batch = pending;
        pending = new LinkedHashMap<>();
        return batch;
    }
}
