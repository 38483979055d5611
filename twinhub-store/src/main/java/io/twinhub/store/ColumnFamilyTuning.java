package io.twinhub.store;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionOptionsFIFO;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.RocksObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of each column family, and the native objects they hold on to (closed with the
 * store, after RocksDB).
 */
final class ColumnFamilyTuning implements AutoCloseable {

    /** Bloom filter bits per prefix: about 1 % false positives. */
    private static final double BLOOM_BITS_PER_KEY = 10;

    private final StoreSettings settings;
    private final Cache cache;
    private final List<RocksObject> owned = new ArrayList<>();

    ColumnFamilyTuning(StoreSettings settings, Cache cache) {
        this.settings = settings;
        this.cache = cache;
    }

    /** Options for {@code cf}; this object closes them. */
    ColumnFamilyOptions optionsFor(Cf cf) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setBlockSize(cf.holdsPayloads ? 16 * 1024 : 4 * 1024);
        long writeBuffer = settings.writeBufferBytes();
        ColumnFamilyOptions o = own(new ColumnFamilyOptions())
                .setWriteBufferSize(cf.holdsPayloads ? writeBuffer : Math.max(1L << 20, writeBuffer / 4))
                .setMaxWriteBufferNumber(2)
                // payloads (often JSON) compress well at LZ4's low CPU cost; the rest is tiny
                .setCompressionType(cf.holdsPayloads ? CompressionType.LZ4_COMPRESSION : CompressionType.NO_COMPRESSION);
        if (cf == Cf.SERIES) {
            series(o, table);
        }
        return o.setTableFormatConfig(table);
    }

    /**
     * Reads of one series seek to its 8-byte hash prefix: bloom filters on that prefix (on disk
     * and in the memtable) let a seek skip every file without the series. There are no point
     * reads, so no whole-key filter. With a retention, FIFO compaction: every file stays in
     * level 0 and a file is dropped whole once its newest data is older than the TTL, so
     * expired telemetry costs no scan and no rewrite. The size bound of FIFO is set out of
     * reach: telemetry is only ever dropped by age. Intra-L0 compaction merges the small files
     * of frequent flushes, so a read does not have to look into thousands of them.
     */
    private void series(ColumnFamilyOptions o, BlockBasedTableConfig table) {
        o.useFixedLengthPrefixExtractor(TelemetryKeys.SERIES_PREFIX_BYTES)
                .setMemtablePrefixBloomSizeRatio(0.05);
        table.setFilterPolicy(own(new BloomFilter(BLOOM_BITS_PER_KEY)))
                .setWholeKeyFiltering(false);
        long ttlSeconds = settings.telemetryRetentionSeconds();
        if (ttlSeconds > 0) {
            CompactionOptionsFIFO fifo = own(new CompactionOptionsFIFO())
                    .setMaxTableFilesSize(Long.MAX_VALUE)
                    .setAllowCompaction(true);
            o.setCompactionStyle(CompactionStyle.FIFO)
                    .setCompactionOptionsFIFO(fifo)
                    .setTtl(ttlSeconds);
        }
    }

    private <T extends RocksObject> T own(T object) {
        owned.add(object);
        return object;
    }

    @Override
    public void close() {
        owned.forEach(RocksObject::close);
        owned.clear();
    }
}
