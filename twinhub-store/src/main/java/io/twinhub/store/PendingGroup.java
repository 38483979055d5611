package io.twinhub.store;

import io.twinhub.core.store.BrokerStore.CommitCallback;

/** A committed group waiting for the writer thread: its changes, encoded in order, and whom to tell. */
record PendingGroup(BatchRecords records, CommitCallback callback) {

    /** Size of its changes in a write batch; batches are split between groups by size. */
    long bytes() {
        return records.length();
    }

    boolean isEmpty() {
        return records.count() == 0;
    }
}
