package io.twinhub.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group of changes as the caller adds them: each is encoded at once into a {@link WriteOp},
 * so the group holds plain bytes (no payload reference, no native memory: a group that is
 * dropped without commit costs nothing). Filled and committed by one thread.
 */
final class RocksWriteGroup implements BrokerStore.WriteGroup {

    private final Consumer<PendingGroup> submit;
    private final List<WriteOp> ops = new ArrayList<>(4);
    private long bytes;
    private boolean committed;

    RocksWriteGroup(Consumer<PendingGroup> submit) {
        this.submit = submit;
    }

    @Override
    public void putSession(SessionRecord session) {
        add(WriteOp.put(Cf.SESSIONS, Keys.session(session.clientId()), Encoding.encodeSession(session)));
    }

    /** The session record, then each per-session family's whole key range [id 0x00, id 0x01). */
    @Override
    public void removeSession(String clientId) {
        add(WriteOp.delete(Cf.SESSIONS, Keys.session(clientId)));
        byte[] from = Keys.rangeStart(clientId);
        byte[] to = Keys.rangeEnd(clientId);
        add(WriteOp.deleteRange(Cf.SUBSCRIPTIONS, from, to));
        add(WriteOp.deleteRange(Cf.QUEUED, from, to));
        add(WriteOp.deleteRange(Cf.INBOUND_QOS2, from, to));
    }

    @Override
    public void putSubscription(Subscription s) {
        add(WriteOp.put(Cf.SUBSCRIPTIONS, Keys.subscription(s.clientId(), s.fullFilter()),
                Encoding.encodeSubscription(s)));
    }

    @Override
    public void removeSubscription(String clientId, String fullFilter) {
        add(WriteOp.delete(Cf.SUBSCRIPTIONS, Keys.subscription(clientId, fullFilter)));
    }

    @Override
    public void putRetained(Message message) {
        add(WriteOp.put(Cf.RETAINED, Keys.retained(message.topic()), Encoding.encodeMessage(message)));
    }

    @Override
    public void removeRetained(String topic) {
        add(WriteOp.delete(Cf.RETAINED, Keys.retained(topic)));
    }

    @Override
    public void putQueued(String clientId, QueuedMessage message) {
        add(WriteOp.put(Cf.QUEUED, Keys.queued(clientId, message.seq()), Encoding.encodeQueued(message)));
    }

    @Override
    public void removeQueued(String clientId, long seq) {
        add(WriteOp.delete(Cf.QUEUED, Keys.queued(clientId, seq)));
    }

    /** One range deletion: a subscriber acknowledges in order, so a burst of acknowledgements is one run. */
    @Override
    public void removeQueuedRange(String clientId, long fromSeq, long toSeq) {
        if (fromSeq == toSeq) {
            removeQueued(clientId, fromSeq);
            return;
        }
        add(WriteOp.deleteRange(Cf.QUEUED, Keys.queued(clientId, fromSeq), Keys.queued(clientId, toSeq + 1)));
    }

    @Override
    public void putShadow(String thingId, String name, byte[] state) {
        add(WriteOp.put(Cf.SHADOWS, Keys.shadow(thingId, name), state));
    }

    @Override
    public void putTelemetryLog(long seq, byte[] entry) {
        add(WriteOp.put(Cf.TELEMETRY_LOG, TelemetryKeys.log(seq), entry));
    }

    /** One range deletion, however many entries the range holds. */
    @Override
    public void removeTelemetryLog(long fromSeq, long toSeq) {
        if (fromSeq >= toSeq) {
            return;
        }
        add(WriteOp.deleteRange(Cf.TELEMETRY_LOG, TelemetryKeys.log(fromSeq), TelemetryKeys.log(toSeq)));
    }

    @Override
    public void putSeriesChunk(String device, String key, long bucketStart, long seq, byte[] chunk) {
        add(WriteOp.put(Cf.SERIES, TelemetryKeys.chunk(device, key, bucketStart, seq), chunk));
    }

    @Override
    public void putLatest(String device, String key, byte[] value) {
        add(WriteOp.put(Cf.LATEST, TelemetryKeys.latest(device, key), value));
    }

    @Override
    public void putInboundQos2(String clientId, int packetId) {
        add(WriteOp.put(Cf.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId), new byte[0]));
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        add(WriteOp.delete(Cf.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId)));
    }

    @Override
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    @Override
    public void commit(BrokerStore.CommitCallback callback) {
        requireOpen();
        committed = true;
        submit.accept(new PendingGroup(List.copyOf(ops), bytes, callback));
    }

    private void add(WriteOp op) {
        requireOpen();
        ops.add(op);
        bytes += op.bytes();
    }

    private void requireOpen() {
        if (committed) {
            throw new IllegalStateException("write group already committed");
        }
    }
}
