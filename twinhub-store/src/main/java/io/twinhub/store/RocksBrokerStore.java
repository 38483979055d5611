package io.twinhub.store;

import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.message.Message;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.SessionRecord;
import io.twinhub.core.store.TelemetryStore;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The durable {@link BrokerStore}: one RocksDB in {@code <dataDir>/rocksdb}, one column family
 * per kind of record (see {@link Cf} and {@link Keys} for the layout), written by a single
 * {@link GroupCommitter} thread. Open it with {@link #open(StoreSettings)}.
 *
 * <p>Write groups encode their changes as they are added, on the caller's thread, and are
 * written as one atomic batch with the other groups of the same round. Callbacks run on the
 * writer thread, in commit order within each lane (ordinary groups, then bulk ones from
 * {@link #newBulkGroup()}, see {@link GroupQueue}).
 */
public final class RocksBrokerStore implements BrokerStore {

    private static final Logger log = LoggerFactory.getLogger(RocksBrokerStore.class);
    /** Groups of one round are split into RocksDB batches of about this size. */
    private static final long MAX_BATCH_BYTES = 8L << 20;
    /** A write stall longer than this is taken for a failure: the disk is not coming back. */
    private static final long MAX_STALL_NANOS = 120_000_000_000L;

    static {
        RocksDB.loadLibrary();
    }

    private final StoreSettings settings;
    private final DataDirectory directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions defaultCfOptions;
    private final ColumnFamilyTuning tuning;
    private final List<ColumnFamilyHandle> handles;
    private final Map<Cf, ColumnFamilyHandle> cfs;
    /** RocksDB's id of each column family by {@link Cf#ordinal()}: write groups encode them into their records. */
    private final int[] cfIds;
    private final Cache blockCache;
    private final WriteOptions writeOptions;
    private final long backgroundErrorsAtOpen;
    private final GroupCommitter committer;
    private final RocksCredentialStore credentials;
    private final RocksTelemetryStore telemetry;
    private volatile boolean closed;

    private RocksBrokerStore(StoreSettings settings, DataDirectory directory, RocksDB db, DBOptions dbOptions,
                             ColumnFamilyOptions defaultCfOptions, ColumnFamilyTuning tuning,
                             List<ColumnFamilyHandle> handles, Cache blockCache) {
        this.settings = settings;
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.defaultCfOptions = defaultCfOptions;
        this.tuning = tuning;
        this.handles = handles;
        this.blockCache = blockCache;
        this.cfs = new EnumMap<>(Cf.class);
        this.cfIds = new int[Cf.values().length];
        for (Cf cf : Cf.values()) {
            ColumnFamilyHandle handle = handles.get(cf.ordinal() + 1); // handle 0 is RocksDB's "default", unused
            cfs.put(cf, handle);
            cfIds[cf.ordinal()] = handle.getID();
        }
        // never sync per write: the committer syncs once per round (SYNC) or on a timer (BATCH)
        // No slowdown: a write that RocksDB would stall comes back at once (see RocksSink.apply),
        // so a stall that never ends (a flush failing on a full disk) cannot hang the writer.
        this.writeOptions = new WriteOptions().setSync(false).setDisableWAL(settings.durability() == Durability.NONE)
                .setNoSlowdown(true);
        this.backgroundErrorsAtOpen = backgroundErrors(db);
        this.committer = new GroupCommitter(settings.durability(), settings.batchSyncInterval().toNanos(),
                settings.maxQueuedGroups(), new RocksSink(), directory.path().toString());
        this.credentials = new RocksCredentialStore(db, cfs, directory.rocksDbPath().toString(), this::requireOpen);
        this.telemetry = new RocksTelemetryStore(db, cfs, settings.telemetryRetentionSeconds(),
                directory.rocksDbPath().toString(), this::requireOpen);
        telemetry.warnOfChunksBeyondRetention();
    }

    /**
     * Opens the data directory (lock, layout check) and the RocksDB in it, creating both if new.
     * Column families this version adds to an older directory are created empty
     * ({@code create_missing_column_families}): new kinds of records need no migration.
     *
     * @throws StoreException with a message for the operator when either cannot be opened
     */
    public static RocksBrokerStore open(StoreSettings settings) {
        DataDirectory directory = DataDirectory.open(settings.dataDir());
        Cache cache = null;
        DBOptions dbOptions = null;
        ColumnFamilyOptions defaultOptions = null;
        ColumnFamilyTuning tuning = null;
        try {
            Files.createDirectories(directory.rocksDbPath());
            cache = new LRUCache(settings.blockCacheBytes());
            tuning = new ColumnFamilyTuning(settings, cache);
            dbOptions = dbOptions(settings);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            defaultOptions = new ColumnFamilyOptions();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultOptions));
            for (Cf cf : Cf.values()) {
                descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes(), tuning.optionsFor(cf)));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, directory.rocksDbPath().toString(), descriptors, handles);
            log.info("store opened: {} (durability {}, layout {}, telemetry retention {})", directory.path(),
                    settings.durability().configName(), directory.layoutVersion(),
                    settings.telemetryRetention().isZero() ? "forever" : settings.telemetryRetention());
            return new RocksBrokerStore(settings, directory, db, dbOptions, defaultOptions, tuning, handles, cache);
        } catch (RocksDBException | IOException | RuntimeException e) {
            if (tuning != null) {
                tuning.close();
            }
            if (defaultOptions != null) {
                defaultOptions.close();
            }
            if (dbOptions != null) {
                dbOptions.close();
            }
            if (cache != null) {
                cache.close();
            }
            directory.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open the store in " + directory.rocksDbPath() + ": " + e.getMessage(), e);
        }
    }

    /** Sized for a small machine: two background threads, a modest WAL, quiet info log. */
    private static DBOptions dbOptions(StoreSettings s) {
        return new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setIncreaseParallelism(2)
                .setMaxBackgroundJobs(2)
                // flushes and compactions write their files out a megabyte at a time instead of
                // leaving it all to the kernel, so a WAL sync less often waits behind a large
                // burst of dirty file data (RocksDB's own tuning advice)
                .setBytesPerSync(1L << 20)
                // one group can span column families: flush them together, so that even with
                // durability NONE (no WAL) a crash never leaves half a group on disk
                .setAtomicFlush(true)
                .setMaxTotalWalSize(4 * s.writeBufferBytes())
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxLogFileSize(1 << 20)
                .setStatsDumpPeriodSec(0);
    }

    // ---- BrokerStore ------------------------------------------------------------------------

    /**
     * Reads every record back, from one consistent snapshot. Subscriptions, queued messages and
     * QoS 2 packet ids come grouped by client id, each list in key order (queued: by seq).
     *
     * @throws StoreException naming the column family and key of a record that does not decode
     */
    @Override
    public RecoveredState recover() {
        requireOpen();
        Snapshot snapshot = db.getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot).setFillCache(false)) {
            List<SessionRecord> sessions = new ArrayList<>();
            scan(Cf.SESSIONS, read, (key, value) ->
                    sessions.add(Encoding.decodeSession(new String(key, StandardCharsets.UTF_8), value)));

            Map<String, List<Subscription>> subscriptions = new LinkedHashMap<>();
            scan(Cf.SUBSCRIPTIONS, read, (key, value) -> {
                Subscription s = Encoding.decodeSubscription(value);
                requireMatch(s.clientId(), Keys.clientIdOf(key), "client id");
                requireMatch(s.fullFilter(), Keys.suffixString(key), "filter");
                subscriptions.computeIfAbsent(s.clientId(), k -> new ArrayList<>()).add(s);
            });

            Map<String, List<QueuedMessage>> queued = new LinkedHashMap<>();
            scan(Cf.QUEUED, read, (key, value) -> {
                QueuedMessage q = Encoding.decodeQueued(value);
                requireMatch(q.seq(), Keys.seqOf(key), "seq");
                queued.computeIfAbsent(Keys.clientIdOf(key), k -> new ArrayList<>()).add(q);
            });

            Map<String, List<Integer>> inbound = new LinkedHashMap<>();
            scan(Cf.INBOUND_QOS2, read, (key, value) ->
                    inbound.computeIfAbsent(Keys.clientIdOf(key), k -> new ArrayList<>()).add(Keys.packetIdOf(key)));

            List<Message> retained = new ArrayList<>();
            scan(Cf.RETAINED, read, (key, value) -> {
                Message m = Encoding.decodeMessage(value);
                requireMatch(m.topic(), new String(key, StandardCharsets.UTF_8), "topic");
                retained.add(m);
            });

            return new RecoveredState(Collections.unmodifiableList(sessions), frozen(subscriptions),
                    frozen(queued), frozen(inbound), Collections.unmodifiableList(retained));
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    @Override
    public byte[] readShadow(String thingId, String name) {
        requireOpen();
        try {
            return db.get(cfs.get(Cf.SHADOWS), Keys.shadow(thingId, name));
        } catch (RocksDBException e) {
            throw new StoreException("cannot read shadow \"" + name + "\" of thing \"" + thingId + "\": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> shadowNames(String thingId) {
        requireOpen();
        byte[] end = Keys.rangeEnd(thingId);
        List<String> names = new ArrayList<>();
        try (org.rocksdb.Slice upper = new org.rocksdb.Slice(end);
             ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(cfs.get(Cf.SHADOWS), read)) {
            for (it.seek(Keys.rangeStart(thingId)); it.isValid(); it.next()) {
                names.add(Keys.suffixString(it.key()));
            }
        }
        return names;
    }

    @Override
    public WriteGroup newGroup() {
        return new RocksWriteGroup(cfIds, committer::submit);
    }

    @Override
    public WriteGroup newUnsyncedGroup() {
        return new RocksWriteGroup(cfIds, false, committer::submit);
    }

    /** A group in the writer's bulk lane: written after every ordinary group waiting with it. */
    @Override
    public WriteGroup newBulkGroup() {
        return new RocksWriteGroup(cfIds, g -> committer.submit(g, GroupQueue.Lane.BULK));
    }

    @Override
    public TelemetryStore telemetry() {
        return telemetry;
    }

    /**
     * Drops the telemetry chunks older than the retention now, rather than at the next
     * compaction that writes would trigger (see {@link RocksTelemetryStore#applyRetention}).
     * Blocks until done: call it from a timer thread, never an event loop.
     */
    public synchronized void applyTelemetryRetention() {
        requireOpen();
        telemetry.applyRetention();
    }

    @Override
    public boolean isWritable() {
        return !closed && committer.isWritable();
    }

    @Override
    public Throwable failure() {
        return committer.failure();
    }

    /**
     * The device registry's and the credentials' records, in their own column families. Unlike
     * message groups they are written at once and synced before the call returns.
     */
    public CredentialStore credentials() {
        return credentials;
    }

    /** Group-commit counters: groups, write rounds, syncs. */
    public CommitStats stats() {
        return committer.stats();
    }

    public StoreSettings settings() {
        return settings;
    }

    /**
     * Commits every group already committed, stops the writer, flushes the in-memory tables (so
     * that NONE loses nothing on a clean stop and a restart has no log to replay), closes RocksDB
     * and releases the data directory. Later commits fail with "store closed".
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        committer.close();
        credentials.close();
        if (committer.isWritable()) {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles.subList(1, handles.size()));
            } catch (RocksDBException e) {
                log.warn("store {}: flush at close failed ({}); the write-ahead log still holds the data",
                        directory.path(), e.getMessage());
            }
        }
        handles.forEach(ColumnFamilyHandle::close);
        try {
            db.closeE();
        } catch (RocksDBException e) {
            log.warn("store {}: closing RocksDB reported {}", directory.path(), e.getMessage());
        }
        writeOptions.close();
        dbOptions.close();
        defaultCfOptions.close();
        tuning.close();
        blockCache.close();
        directory.close();
        log.info("store closed: {}", directory.path());
    }

    // ---- internals --------------------------------------------------------------------------

    @FunctionalInterface
    private interface RecordReader {
        void read(byte[] key, byte[] value);
    }

    private void scan(Cf cf, ReadOptions read, RecordReader reader) {
        try (RocksIterator it = db.newIterator(cfs.get(cf), read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                try {
                    reader.read(key, it.value());
                } catch (RuntimeException e) {
                    throw new StoreException("cannot decode the record in column family '" + cf.cfName + "' at "
                            + Keys.describe(cf, key) + " in " + directory.rocksDbPath() + ": " + e.getMessage(), e);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("cannot read column family '" + cf.cfName + "' in " + directory.rocksDbPath()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void requireMatch(Object inValue, Object inKey, String what) {
        if (!inValue.equals(inKey)) {
            throw new Encoding.MalformedException("the value's " + what + " (" + inValue + ") differs from the key's ("
                    + inKey + ")");
        }
    }

    private static <V> Map<String, List<V>> frozen(Map<String, List<V>> map) {
        Map<String, List<V>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** RocksDB's count of failed flushes and compactions since it opened. */
    private static long backgroundErrors(RocksDB db) {
        try {
            return db.getLongProperty("rocksdb.background-errors");
        } catch (RocksDBException e) {
            return 0;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("store closed: " + directory.path());
        }
    }

    /**
     * Turns rounds of groups into RocksDB write batches; runs on the writer thread. The groups
     * hold their changes already in RocksDB's batch format ({@link BatchRecords}): a batch is
     * their records behind one header, created in one call, not one call per change.
     */
    private final class RocksSink implements CommitSink {

        @Override
        public void write(List<PendingGroup> groups) throws RocksDBException {
            int first = 0;
            long bytes = 0;
            for (int i = 0; i < groups.size(); i++) {
                long size = groups.get(i).bytes();
                // split only between groups: each group stays atomic
                if (bytes > 0 && bytes + size > MAX_BATCH_BYTES) {
                    writeBatch(groups.subList(first, i));
                    first = i;
                    bytes = 0;
                }
                bytes += size;
            }
            if (bytes > 0) {
                writeBatch(groups.subList(first, groups.size()));
            }
        }

        private void writeBatch(List<PendingGroup> groups) throws RocksDBException {
            try (WriteBatch batch = new WriteBatch(BatchRecords.serialize(groups))) {
                apply(batch);
            }
        }

        /**
         * Writes one batch, waiting out write stalls here rather than inside RocksDB: while
         * flushes and compactions catch up the writer retries every millisecond (the queue
         * behind it fills and pushes back on the publishers), but once RocksDB reports a
         * background error, such as a flush that failed on a full disk, the stall would never
         * end, and the write fails instead, so the store turns to refusing writes.
         */
        private void apply(WriteBatch batch) throws RocksDBException {
            long stalledSince = 0;
            while (true) {
                try {
                    db.write(writeOptions, batch);
                    return;
                } catch (RocksDBException e) {
                    if (e.getStatus() == null || e.getStatus().getCode() != Status.Code.Incomplete) {
                        throw e;
                    }
                    long now = System.nanoTime();
                    if (stalledSince == 0) {
                        stalledSince = now;
                    }
                    if (backgroundErrors(db) > backgroundErrorsAtOpen) {
                        throw new RocksDBException("writes stopped after a background error (disk full or I/O error) in "
                                + directory.path(), e.getStatus());
                    }
                    if (now - stalledSince > MAX_STALL_NANOS) {
                        throw new RocksDBException("writes stalled for more than " + MAX_STALL_NANOS / 1_000_000_000
                                + " s in " + directory.path(), e.getStatus());
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }

        @Override
        public void sync() throws RocksDBException {
            db.syncWal();
        }
    }
}
