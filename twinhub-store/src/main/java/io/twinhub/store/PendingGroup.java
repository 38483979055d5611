package io.twinhub.store;

import io.twinhub.core.store.BrokerStore.CommitCallback;

/**
 * A committed group waiting for the writer thread: its changes, encoded in order, and whom to
 * tell; {@code needsSync} false for a group whose writes may wait for a later sync
 * ({@code BrokerStore.newUnsyncedGroup}).
 */
record PendingGroup(BatchRecords records, CommitCallback callback, boolean needsSync) {

    PendingGroup(BatchRecords records, CommitCallback callback) {
        this(records, callback, true);
    }

    /** Size of its changes in a write batch; batches are split between groups by size. */
    long bytes() {
        return records.length();
    }

    boolean isEmpty() {
        return records.count() == 0;
    }
}
