package io.twinhub.telemetry.service;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.SessionRecord;
import io.twinhub.core.store.TelemetryStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MemoryStore} with a gate on commits: while held, groups wait (in order, invisible to
 * reads) until released, as on a slow disk; while failing, commits report an I/O error and
 * write nothing, as on a full or broken disk.
 */
final class GatedStore implements BrokerStore {

    private final MemoryStore memory;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean failing;

    GatedStore(MemoryStore memory) {
        this.memory = memory;
    }

    MemoryStore memory() {
        return memory;
    }

    synchronized void hold() {
        holding = true;
    }

    /** Commits the held groups in order and lets later ones through. */
    synchronized void release() {
        holding = false;
        held.forEach(Runnable::run);
        held.clear();
    }

    void failWrites(boolean fail) {
        failing = fail;
    }

    int logEntries() {
        int[] n = {0};
        memory.telemetry().readLog((seq, entry) -> n[0]++);
        return n[0];
    }

    @Override public RecoveredState recover() { return memory.recover(); }
    @Override public WriteGroup newGroup() { return new Gated(memory.newGroup()); }
    @Override public WriteGroup newBulkGroup() { return new Gated(memory.newBulkGroup()); }
    @Override public boolean isWritable() { return !failing; }
    @Override public Throwable failure() { return failing ? new IOException("disk refuses writes") : null; }
    @Override public byte[] readShadow(String thingId, String name) { return memory.readShadow(thingId, name); }
    @Override public List<String> shadowNames(String thingId) { return memory.shadowNames(thingId); }
    @Override public TelemetryStore telemetry() { return memory.telemetry(); }
    @Override public void close() { memory.close(); }

    private final class Gated implements WriteGroup {
        private final WriteGroup group;

        Gated(WriteGroup group) {
            this.group = group;
        }

        @Override public void putSession(SessionRecord session) { group.putSession(session); }
        @Override public void removeSession(String clientId) { group.removeSession(clientId); }
        @Override public void putSubscription(Subscription s) { group.putSubscription(s); }
        @Override public void removeSubscription(String clientId, String filter) { group.removeSubscription(clientId, filter); }
        @Override public void putRetained(Message message) { group.putRetained(message); }
        @Override public void removeRetained(String topic) { group.removeRetained(topic); }
        @Override public void putQueued(String clientId, QueuedMessage message) { group.putQueued(clientId, message); }
        @Override public void removeQueued(String clientId, long seq) { group.removeQueued(clientId, seq); }
        @Override public void putShadow(String thingId, String name, byte[] state) { group.putShadow(thingId, name, state); }
        @Override public void putTelemetryLog(long seq, byte[] entry) { group.putTelemetryLog(seq, entry); }
        @Override public void removeTelemetryLog(long fromSeq, long toSeq) { group.removeTelemetryLog(fromSeq, toSeq); }
        @Override public void putSeriesChunk(String device, String key, long bucketStart, long seq, byte[] chunk) {
            group.putSeriesChunk(device, key, bucketStart, seq, chunk);
        }
        @Override public void putLatest(String device, String key, byte[] value) { group.putLatest(device, key, value); }
        @Override public void putInboundQos2(String clientId, int packetId) { group.putInboundQos2(clientId, packetId); }
        @Override public void removeInboundQos2(String clientId, int packetId) { group.removeInboundQos2(clientId, packetId); }
        @Override public boolean isEmpty() { return group.isEmpty(); }

        @Override
        public void commit(CommitCallback callback) {
            if (failing) {
                callback.committed(new IOException("disk refuses writes"));
                return;
            }
            synchronized (GatedStore.this) {
                if (holding) {
                    held.add(() -> group.commit(callback));
                    return;
                }
            }
            group.commit(callback);
        }
    }
}
