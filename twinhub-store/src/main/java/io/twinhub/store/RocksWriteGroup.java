package io.twinhub.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

import java.util.function.Consumer;

/**
 * A group of changes as the caller adds them: each is encoded at once, straight into RocksDB's
 * write-batch record format ({@link BatchRecords}), so the group holds plain bytes (no payload
 * reference, no native memory: a group that is dropped without commit costs nothing) and the
 * writer thread only concatenates them. Filled and committed by one thread.
 */
final class RocksWriteGroup implements BrokerStore.WriteGroup {

    private final Consumer<PendingGroup> submit;
    private final BatchRecords records;
    private final boolean needsSync;
    private boolean committed;

    /**
     * @param cfIds the column families' RocksDB ids by {@link Cf#ordinal()}
     */
    RocksWriteGroup(int[] cfIds, Consumer<PendingGroup> submit) {
        this(cfIds, true, submit);
    }

    /**
     * @param needsSync false: the group's callback may run once it is written, before a sync
     */
    RocksWriteGroup(int[] cfIds, boolean needsSync, Consumer<PendingGroup> submit) {
        this.submit = submit;
        this.records = new BatchRecords(cfIds);
        this.needsSync = needsSync;
    }

    @Override
    public void putSession(SessionRecord session) {
        put(Cf.SESSIONS, Keys.session(session.clientId()), Encoding.encodeSession(session));
    }

    /** The session record, then each per-session family's whole key range [id 0x00, id 0x01). */
    @Override
    public void removeSession(String clientId) {
        delete(Cf.SESSIONS, Keys.session(clientId));
        byte[] from = Keys.rangeStart(clientId);
        byte[] to = Keys.rangeEnd(clientId);
        deleteRange(Cf.SUBSCRIPTIONS, from, to);
        deleteRange(Cf.QUEUED, from, to);
        deleteRange(Cf.INBOUND_QOS2, from, to);
    }

    @Override
    public void putSubscription(Subscription s) {
        put(Cf.SUBSCRIPTIONS, Keys.subscription(s.clientId(), s.fullFilter()),
                Encoding.encodeSubscription(s));
    }

    @Override
    public void removeSubscription(String clientId, String fullFilter) {
        delete(Cf.SUBSCRIPTIONS, Keys.subscription(clientId, fullFilter));
    }

    @Override
    public void putRetained(Message message) {
        put(Cf.RETAINED, Keys.retained(message.topic()), Encoding.encodeMessage(message));
    }

    @Override
    public void removeRetained(String topic) {
        delete(Cf.RETAINED, Keys.retained(topic));
    }

    @Override
    public void putQueued(String clientId, QueuedMessage message) {
        requireOpen();
        Encoding.Writer value = Encoding.encodeQueuedToScratch(message);
        records.put(Cf.QUEUED, Keys.queued(clientId, message.seq()), value.array(), value.length());
    }

    @Override
    public void removeQueued(String clientId, long seq) {
        delete(Cf.QUEUED, Keys.queued(clientId, seq));
    }

    /** One range deletion: a subscriber acknowledges in order, so a burst of acknowledgements is one run. */
    @Override
    public void removeQueuedRange(String clientId, long fromSeq, long toSeq) {
        if (fromSeq == toSeq) {
            removeQueued(clientId, fromSeq);
            return;
        }
        deleteRange(Cf.QUEUED, Keys.queued(clientId, fromSeq), Keys.queued(clientId, toSeq + 1));
    }

    @Override
    public void putShadow(String thingId, String name, byte[] state) {
        put(Cf.SHADOWS, Keys.shadow(thingId, name), state);
    }

    @Override
    public void putTelemetryLog(long seq, byte[] entry) {
        put(Cf.TELEMETRY_LOG, TelemetryKeys.log(seq), entry);
    }

    /** One range deletion, however many entries the range holds. */
    @Override
    public void removeTelemetryLog(long fromSeq, long toSeq) {
        if (fromSeq >= toSeq) {
            return;
        }
        deleteRange(Cf.TELEMETRY_LOG, TelemetryKeys.log(fromSeq), TelemetryKeys.log(toSeq));
    }

    @Override
    public void putSeriesChunk(String device, String key, long bucketStart, long seq, byte[] chunk) {
        put(Cf.SERIES, TelemetryKeys.chunk(device, key, bucketStart, seq), chunk);
    }

    @Override
    public void putLatest(String device, String key, byte[] value) {
        put(Cf.LATEST, TelemetryKeys.latest(device, key), value);
    }

    @Override
    public void putInboundQos2(String clientId, int packetId) {
        put(Cf.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId), new byte[0]);
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        delete(Cf.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId));
    }

    @Override
    public boolean isEmpty() {
        return records.count() == 0;
    }

    @Override
    public void commit(BrokerStore.CommitCallback callback) {
        requireOpen();
        committed = true;
        submit.accept(new PendingGroup(records, callback, needsSync));
    }

    private void put(Cf cf, byte[] key, byte[] value) {
        requireOpen();
        records.put(cf, key, value);
    }

    private void delete(Cf cf, byte[] key) {
        requireOpen();
        records.delete(cf, key);
    }

    private void deleteRange(Cf cf, byte[] from, byte[] to) {
        requireOpen();
        records.deleteRange(cf, from, to);
    }

    private void requireOpen() {
        if (committed) {
            throw new IllegalStateException("write group already committed");
        }
    }
}
