package io.twinhub.core.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;

import java.util.List;

/**
 * The broker's durable state: persistent sessions, their subscriptions and queued messages,
 * the QoS 2 packet ids they are releasing, and retained messages. Writes are grouped: everything
 * one PUBLISH changes becomes durable at once, and many groups share one disk sync (group
 * commit), so durability costs latency, not throughput.
 *
 * <p>Only sessions that outlive their connection (session expiry &gt; 0) are written; a session
 * that ends with its connection has nothing to recover.
 */
public interface BrokerStore extends AutoCloseable {

    /** Everything a restarted node needs; read once, before the listeners open. */
    RecoveredState recover();

    /** A new, empty group of writes. Not thread-safe: one thread fills and commits it. */
    WriteGroup newGroup();

    /**
     * A new, empty group whose callback may run once its writes are made, without waiting for a
     * disk sync of their own: for state nobody was promised (presence documents). They become
     * durable with the next synced group, or a background sync shortly after (the store's batch
     * sync interval); a crash of the machine before that loses them, a crash of the process does
     * not. A store without the distinction returns an ordinary group.
     */
    default WriteGroup newUnsyncedGroup() {
        return newGroup();
    }

    /**
     * A new, empty group of bulk writes (telemetry): under load the store may commit it after
     * ordinary groups that were committed later, so that bulk traffic never delays shadows,
     * commands and sessions. Bulk groups keep their order among themselves. A store without
     * priorities returns an ordinary group.
     */
    default WriteGroup newBulkGroup() {
        return newGroup();
    }

    /**
     * False once a write has failed (disk full, I/O error): the node must refuse new work that
     * it would acknowledge, and keep serving what needs no write.
     */
    boolean isWritable();

    /** The failure that made the store refuse writes, or null. */
    Throwable failure();

    /**
     * The stored state of one shadow of a thing ({@code name} "" for the classic shadow), as the
     * twin module encoded it, or null. Reads what committed groups wrote; may block on the disk,
     * so never call it on an event loop.
     */
    byte[] readShadow(String thingId, String name);

    /** Names of the shadows stored for a thing, in byte order of their names ("" first). May block. */
    List<String> shadowNames(String thingId);

    /** Stored telemetry: reads of the log, series chunks and latest values. */
    TelemetryStore telemetry();

    @Override
    void close();

    /** The writes of one group, applied atomically. */
    interface WriteGroup {

        void putSession(SessionRecord session);

        /** Removes a session with its subscriptions, queued messages and QoS 2 state. */
        void removeSession(String clientId);

        void putSubscription(Subscription subscription);

        void removeSubscription(String clientId, String fullFilter);

        /** Stores (or replaces) the retained message of its topic; the payload must be detached. */
        void putRetained(Message message);

        void removeRetained(String topic);

        /** Stores (or updates the state of) one message queued for a session. */
        void putQueued(String clientId, QueuedMessage message);

        void removeQueued(String clientId, long seq);

        /** Removes the queued messages numbered {@code fromSeq} to {@code toSeq}, both included. */
        default void removeQueuedRange(String clientId, long fromSeq, long toSeq) {
            for (long seq = fromSeq; seq <= toSeq; seq++) {
                removeQueued(clientId, seq);
            }
        }

        /** Stores (or replaces) the encoded state of one shadow. */
        void putShadow(String thingId, String name, byte[] state);

        /** Appends one entry to the telemetry ingest log (see {@link TelemetryStore}). */
        void putTelemetryLog(long seq, byte[] entry);

        /** Removes the telemetry log entries numbered {@code fromSeq} (included) to {@code toSeq} (excluded): one range deletion. */
        void removeTelemetryLog(long fromSeq, long toSeq);

        /** Stores one chunk of a series: the points of (device, key) in one bucket that one flush wrote. */
        void putSeriesChunk(String device, String key, long bucketStart, long seq, byte[] chunk);

        /** Stores (or replaces) the latest value of (device, key). */
        void putLatest(String device, String key, byte[] value);

        /** A QoS 2 PUBLISH from the client was received and must not be delivered twice. */
        void putInboundQos2(String clientId, int packetId);

        void removeInboundQos2(String clientId, int packetId);

        boolean isEmpty();

        /**
         * Makes the group durable (as the configured durability mode defines it) and then runs
         * the callback, on a store thread, with null or the failure. Groups of the same kind
         * (ordinary, or bulk from {@link BrokerStore#newBulkGroup}) commit in the order
         * {@code commit} was called; a bulk group may commit after ordinary groups committed
         * later than it.
         */
        void commit(CommitCallback callback);

        /** Commits without waiting for the result: for writes nothing is acknowledged on. */
        default void commitQuietly() {
            commit(CommitCallback.IGNORE);
        }
    }

    @FunctionalInterface
    interface CommitCallback {
        CommitCallback IGNORE = error -> { };

        void committed(Throwable errorOrNull);
    }
}
