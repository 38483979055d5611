package io.twinhub.core.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The store of a node that keeps nothing across restarts: every group commits at once, with
 * nothing written to disk. Shadows live in memory for the node's lifetime. For tests and for
 * users who want a pure in-memory broker.
 */
public final class MemoryStore implements BrokerStore {

    /** Key: thing id, 0x00, shadow name; sorted so that one thing's shadows are contiguous. */
    private final ConcurrentSkipListMap<String, byte[]> shadows = new ConcurrentSkipListMap<>();
    private final MemoryTelemetry telemetry = new MemoryTelemetry();

    @Override public RecoveredState recover() { return RecoveredState.empty(); }
    @Override public WriteGroup newGroup() { return new NoWrites(); }
    @Override public boolean isWritable() { return true; }
    @Override public Throwable failure() { return null; }
    @Override public void close() { }

    @Override
    public byte[] readShadow(String thingId, String name) {
        return shadows.get(thingId + '\0' + name);
    }

    @Override
    public TelemetryStore telemetry() {
        return telemetry;
    }

    @Override
    public List<String> shadowNames(String thingId) {
        List<String> names = new ArrayList<>();
        for (String key : shadows.subMap(thingId + '\0', thingId + '\1').keySet()) {
            names.add(key.substring(thingId.length() + 1));
        }
        return names;
    }

    private final class NoWrites implements WriteGroup {
        private List<Map.Entry<String, byte[]>> shadowPuts;
        /** Telemetry writes, applied in order at commit. */
        private List<Runnable> telemetryWrites;

        @Override public void putSession(SessionRecord session) { }
        @Override public void removeSession(String clientId) { }
        @Override public void putSubscription(Subscription subscription) { }
        @Override public void removeSubscription(String clientId, String fullFilter) { }
        @Override public void putRetained(Message message) { }
        @Override public void removeRetained(String topic) { }
        @Override public void putQueued(String clientId, QueuedMessage message) { }
        @Override public void removeQueued(String clientId, long seq) { }
        @Override public void putInboundQos2(String clientId, int packetId) { }
        @Override public void removeInboundQos2(String clientId, int packetId) { }

        @Override
        public void putShadow(String thingId, String name, byte[] state) {
            if (shadowPuts == null) {
                shadowPuts = new ArrayList<>(2);
            }
            shadowPuts.add(Map.entry(thingId + '\0' + name, state));
        }

        @Override
        public void putTelemetryLog(long seq, byte[] entry) {
            telemetryWrite(() -> telemetry.log.put(seq, entry));
        }

        @Override
        public void removeTelemetryLog(long fromSeq, long toSeq) {
            telemetryWrite(() -> telemetry.log.subMap(fromSeq, toSeq).clear());
        }

        @Override
        public void putSeriesChunk(String device, String key, long bucketStart, long seq, byte[] chunk) {
            telemetryWrite(() -> telemetry.putChunk(device, key, bucketStart, seq, chunk));
        }

        @Override
        public void putLatest(String device, String key, byte[] value) {
            telemetryWrite(() -> telemetry.putLatest(device, key, value));
        }

        private void telemetryWrite(Runnable write) {
            if (telemetryWrites == null) {
                telemetryWrites = new ArrayList<>(4);
            }
            telemetryWrites.add(write);
        }

        @Override public boolean isEmpty() { return shadowPuts == null && telemetryWrites == null; }

        @Override
        public void commit(CommitCallback callback) {
            if (shadowPuts != null) {
                shadowPuts.forEach(e -> shadows.put(e.getKey(), e.getValue()));
            }
            if (telemetryWrites != null) {
                telemetryWrites.forEach(Runnable::run);
            }
            callback.committed(null);
        }
    }
}
