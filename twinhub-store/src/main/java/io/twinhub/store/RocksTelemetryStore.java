package io.twinhub.store;

import io.twinhub.core.store.TelemetryStore;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Reads of the telemetry column families (key layout: {@link TelemetryKeys}). Every read is an
 * iterator bounded by {@code iterate_lower_bound} and {@code iterate_upper_bound}, so it never
 * steps outside its range, whatever else the files hold. Thread-safe; reads may block on the
 * disk.
 */
final class RocksTelemetryStore implements TelemetryStore {

    private static final Logger log = LoggerFactory.getLogger(RocksTelemetryStore.class);

    private final RocksDB db;
    private final ColumnFamilyHandle ingestLog;
    private final ColumnFamilyHandle series;
    private final ColumnFamilyHandle latest;
    /** 0: kept forever. */
    private final long retentionSeconds;
    private final String where;
    private final Runnable requireOpen;

    RocksTelemetryStore(RocksDB db, Map<Cf, ColumnFamilyHandle> cfs, long retentionSeconds, String where,
                        Runnable requireOpen) {
        this.db = db;
        this.retentionSeconds = retentionSeconds;
        this.ingestLog = cfs.get(Cf.TELEMETRY_LOG);
        this.series = cfs.get(Cf.SERIES);
        this.latest = cfs.get(Cf.LATEST);
        this.where = where;
        this.requireOpen = requireOpen;
    }

    @Override
    public void readLog(LogVisitor visitor) {
        requireOpen.run();
        // read once, at start: do not push the chunks that queries need out of the cache
        try (ReadOptions read = new ReadOptions().setFillCache(false);
             RocksIterator it = db.newIterator(ingestLog, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.entry(TelemetryKeys.logSeqOf(it.key()), it.value());
            }
            check(it, "column family 'telemetry_log'");
        }
    }

    /**
     * One bounded iterator over [(fromBucket, seq 0), past (toBucket, any seq)). The bounds share
     * the series' hash prefix, so with {@code prefix_same_as_start} the prefix bloom filters
     * skip every file that has no chunk of the series.
     */
    @Override
    public void readChunks(String device, String key, long fromBucket, long toBucket, long maxSeq, boolean newestFirst,
                           ChunkVisitor visitor) {
        requireOpen.run();
        if (fromBucket > toBucket) {
            return;
        }
        try (Slice lower = new Slice(TelemetryKeys.chunksFrom(device, key, fromBucket));
             Slice upper = new Slice(TelemetryKeys.chunksPast(device, key, toBucket));
             ReadOptions read = new ReadOptions().setPrefixSameAsStart(true)
                     .setIterateLowerBound(lower).setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(series, read)) {
            if (newestFirst) {
                it.seekForPrev(TelemetryKeys.chunksTo(device, key, toBucket));
            } else {
                it.seek(TelemetryKeys.chunksFrom(device, key, fromBucket));
            }
            for (; it.isValid(); step(it, newestFirst)) {
                byte[] k = it.key();
                long seq = TelemetryKeys.chunkSeqOf(k);
                // chunks of a flush that has not finished for the reader are not part of its view
                if (seq <= maxSeq && !visitor.chunk(TelemetryKeys.bucketStartOf(k), seq, it.value())) {
                    return;
                }
            }
            check(it, "series \"" + device + "\" / \"" + key + "\"");
        }
    }

    @Override
    public void readLatest(String device, LatestVisitor visitor) {
        requireOpen.run();
        try (Slice lower = new Slice(TelemetryKeys.latestFrom(device));
             Slice upper = new Slice(TelemetryKeys.latestPast(device));
             ReadOptions read = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(latest, read)) {
            for (it.seek(TelemetryKeys.latestFrom(device)); it.isValid(); it.next()) {
                visitor.latest(TelemetryKeys.latestKeyOf(it.key(), device), it.value());
            }
            check(it, "the latest values of device \"" + device + "\"");
        }
    }

    /**
     * Makes RocksDB apply the retention now, rather than at the next compaction that writes
     * would trigger (an idle node would otherwise keep expired chunks): flushes the series
     * column family, so that what waits in memory gets a file that can age, then runs a manual
     * compaction of it. With FIFO compaction that deletes every file whose newest data is older
     * than the TTL (and merges small files); nothing is scanned or rewritten to delete. Does
     * nothing when telemetry is kept forever. Blocks.
     */
    void applyRetention() {
        if (retentionSeconds == 0) {
            return;
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
             CompactRangeOptions compact = new CompactRangeOptions()) {
            db.flush(flush, series);
            db.compactRange(series, null, null, compact);
        } catch (RocksDBException e) {
            throw new StoreException("cannot apply the telemetry retention in " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * FIFO compaction drops expired files of level 0 only. Chunks that level compaction (no
     * retention) already moved to lower levels before a retention was set stay until removed
     * by hand; queries still hide them by time. Said once, at start.
     */
    void warnOfChunksBeyondRetention() {
        if (retentionSeconds == 0) {
            return;
        }
        long files = 0;
        for (int level = 1; level < 7; level++) {
            try {
                files += db.getLongProperty(series, "rocksdb.num-files-at-level" + level);
            } catch (RocksDBException e) {
                break; // no such level
            }
        }
        if (files > 0) {
            log.warn("store {}: {} files of telemetry chunks were written before a telemetry retention was set; "
                    + "the retention does not apply to them (they are kept, and hidden from queries by age)",
                    where, files);
        }
    }

    private static void step(RocksIterator it, boolean backwards) {
        if (backwards) {
            it.prev();
        } else {
            it.next();
        }
    }

    private void check(RocksIterator it, String what) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("cannot read " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }
}
