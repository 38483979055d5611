package io.twinhub.store;

/**
 * Counters of the group commit, for metrics and tests. {@code groupsCommitted / syncs} is the
 * average group-commit factor: how many groups shared one disk sync.
 *
 * @param groupsCommitted groups reported durable
 * @param writes write rounds (each writes every group that was waiting)
 * @param syncs write-ahead log syncs
 * @param groupsFailed groups reported failed because a write or sync failed (or had failed)
 * @param groupsRejected groups refused at once because the queue was full or the store closed
 * @param queuedGroups groups waiting for the writer now
 */
public record CommitStats(long groupsCommitted, long writes, long syncs, long groupsFailed, long groupsRejected,
                          int queuedGroups) {
}
