package io.twinhub.store;

import io.twinhub.core.store.BrokerStore.CommitCallback;

import java.util.List;

/** A committed group waiting for the writer thread: its changes, in order, and whom to tell. */
record PendingGroup(List<WriteOp> ops, long bytes, CommitCallback callback) {
}
