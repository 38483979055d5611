package io.twinhub.core.presence;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.AnyThread;
import io.twinhub.core.store.BrokerStore;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Documents waiting for the store now, in or out of a group in flight; for tests. */
    int waiting() {
        synchronized (lock) {
            return pending.size();
        }
    }

    private void write(Map<String, Message> batch) {
        BrokerStore.WriteGroup group = store.newGroup();
        batch.values().forEach(group::putRetained);
        // a failed write is dropped like any retained write nobody waits for; the store reports it
        group.commit(error -> written());
    }

    /** The group in flight is done: the documents that came meanwhile go next, if any. */
    private void written() {
        Map<String, Message> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                writing = false;
                return;
            }
            batch = takePending();
        }
        write(batch);
    }

    private Map<String, Message> takePending() {
        writing = true;
        Map<String, Message> batch = pending;
        pending = new LinkedHashMap<>();
        return batch;
    }
}
