package io.twinhub.store;

import java.util.List;

/**
 * Where the {@link GroupCommitter} writes: RocksDB in production, a fake in tests that need to
 * fail a write at an exact point. Called on the writer thread only.
 */
interface CommitSink {

    /** Writes the groups' changes in order (without syncing); throws if any part failed. */
    void write(List<PendingGroup> groups) throws Exception;

    /** Makes everything written so far durable. */
    void sync() throws Exception;
}
