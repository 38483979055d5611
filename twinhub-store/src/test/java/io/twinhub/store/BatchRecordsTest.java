package io.twinhub.store;

import io.twinhub.core.store.BrokerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups encoded by {@link BatchRecords} and written as one serialized batch leave exactly what
 * the same changes leave when made through RocksDB's own {@link WriteBatch} calls: two real
 * databases with the same column families, one written each way, compared record by record.
 */
class BatchRecordsTest {

    static {
        RocksDB.loadLibrary();
    }

    private static final List<Cf> FAMILIES = List.of(Cf.SESSIONS, Cf.QUEUED, Cf.RETAINED, Cf.TELEMETRY_LOG);

    enum Kind { PUT, DELETE, DELETE_RANGE }

    /** One change as a test describes it; {@code value} is the end key of a range delete. */
    record Change(Kind kind, Cf cf, byte[] key, byte[] value) {
    }

    /** A RocksDB with the families above, and their handles by {@link Cf#ordinal()}. */
    private static final class Db implements AutoCloseable {
        final DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        final RocksDB db;
        final ColumnFamilyHandle[] byCf = new ColumnFamilyHandle[Cf.values().length];
        final int[] cfIds = new int[Cf.values().length];

        Db(Path dir) throws RocksDBException {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
            FAMILIES.forEach(cf -> descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes())));
            db = RocksDB.open(options, dir.toString(), descriptors, handles);
            for (int i = 0; i < FAMILIES.size(); i++) {
                Cf cf = FAMILIES.get(i);
                byCf[cf.ordinal()] = handles.get(i + 1);
                cfIds[cf.ordinal()] = handles.get(i + 1).getID();
            }
        }

        /** Every record of every family, in order, as "family key=value" lines (hex). */
        List<String> contents() {
            List<String> out = new ArrayList<>();
            HexFormat hex = HexFormat.of();
            for (Cf cf : FAMILIES) {
                try (RocksIterator it = db.newIterator(byCf[cf.ordinal()])) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        out.add(cf.cfName + " " + hex.formatHex(it.key()) + "=" + hex.formatHex(it.value()));
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            options.close();
        }
    }

    @TempDir
    Path tmp;
    private Db encoded;
    private Db reference;
    private final WriteOptions writeOptions = new WriteOptions();

    @BeforeEach
    void open() throws RocksDBException {
        encoded = new Db(tmp.resolve("encoded"));
        reference = new Db(tmp.resolve("reference"));
    }

    @AfterEach
    void close() {
        encoded.close();
        reference.close();
        writeOptions.close();
    }

    private PendingGroup encode(List<Change> changes) {
        BatchRecords records = new BatchRecords(encoded.cfIds);
        for (Change c : changes) {
            switch (c.kind()) {
                case PUT -> {
                    if (c.key().length % 2 == 0) {
                        records.put(c.cf(), c.key(), c.value());
                    } else {
                        // the value as the first bytes of a longer array (a reused scratch buffer)
                        byte[] longer = Arrays.copyOf(c.value(), c.value().length + 7);
                        Arrays.fill(longer, c.value().length, longer.length, (byte) 0x5A);
                        records.put(c.cf(), c.key(), longer, c.value().length);
                    }
                }
                case DELETE -> records.delete(c.cf(), c.key());
                case DELETE_RANGE -> records.deleteRange(c.cf(), c.key(), c.value());
            }
        }
        return new PendingGroup(records, error -> { });
    }

    private WriteBatch referenceBatch(List<List<Change>> groups) throws RocksDBException {
        WriteBatch batch = new WriteBatch();
        for (List<Change> group : groups) {
            for (Change c : group) {
                ColumnFamilyHandle h = reference.byCf[c.cf().ordinal()];
                switch (c.kind()) {
                    case PUT -> batch.put(h, c.key(), c.value());
                    case DELETE -> batch.delete(h, c.key());
                    case DELETE_RANGE -> batch.deleteRange(h, c.key(), c.value());
                }
            }
        }
        return batch;
    }

    /**
     * Writes one round both ways and checks that the serialized batch is byte for byte the one
     * RocksDB builds itself, and that both databases hold the same records afterwards.
     */
    private void writeRound(List<List<Change>> groups) throws RocksDBException {
        byte[] serialized = BatchRecords.serialize(groups.stream().map(this::encode).toList());
        try (WriteBatch ours = new WriteBatch(serialized); WriteBatch theirs = referenceBatch(groups)) {
            assertEquals(theirs.count(), ours.count());
            assertArrayEquals(theirs.data(), serialized);
            encoded.db.write(writeOptions, ours);
            reference.db.write(writeOptions, theirs);
        }
        assertEquals(reference.contents(), encoded.contents());
    }

    @Test
    void familiesGetDistinctNonDefaultIds() {
        assertArrayEquals(reference.cfIds, encoded.cfIds);
        assertEquals(FAMILIES.size(), FAMILIES.stream().mapToInt(cf -> encoded.cfIds[cf.ordinal()]).distinct()
                .filter(id -> id != 0).count());
    }

    @Test
    void randomRoundsOfMixedChangesLeaveWhatTheWriteBatchApiLeaves() throws RocksDBException {
        Random random = new Random(20261203L);
        for (int round = 0; round < 40; round++) {
            List<List<Change>> groups = new ArrayList<>();
            int groupCount = 1 + random.nextInt(8);
            for (int g = 0; g < groupCount; g++) {
                List<Change> group = new ArrayList<>();
                int changes = 1 + random.nextInt(12);
                for (int i = 0; i < changes; i++) {
                    group.add(randomChange(random));
                }
                groups.add(group);
            }
            writeRound(groups);
        }
        assertTrue(encoded.contents().size() > 20, "the random rounds leave records to compare");
    }

    /** Small key space, so that deletes and range deletes hit earlier puts; now and then long keys. */
    private static Change randomChange(Random random) {
        Cf cf = FAMILIES.get(random.nextInt(FAMILIES.size()));
        byte[] key = randomKey(random);
        return switch (random.nextInt(10)) {
            case 0, 1 -> new Change(Kind.DELETE, cf, key, null);
            case 2 -> {
                byte[] other = randomKey(random);
                int order = Arrays.compareUnsigned(key, other);
                if (order == 0) {
                    other = Arrays.copyOf(other, other.length + 1);
                }
                yield order <= 0 ? new Change(Kind.DELETE_RANGE, cf, key, other)
                        : new Change(Kind.DELETE_RANGE, cf, other, key);
            }
            default -> new Change(Kind.PUT, cf, key, bytes(random, valueLength(random)));
        };
    }

    private static byte[] randomKey(Random random) {
        int length = switch (random.nextInt(20)) {
            case 0 -> 128 + random.nextInt(200);
            case 1 -> 16_384 + random.nextInt(100);
            default -> 1 + random.nextInt(3);
        };
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) "ab\u0000\u00ff".charAt(random.nextInt(4)); // includes 0x00 and 0xff bytes
        }
        return key;
    }

    private static int valueLength(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 127;
            case 2 -> 128;
            case 3 -> 16_383;
            case 4 -> 16_384;
            case 5 -> 70_000 + random.nextInt(1000);
            default -> random.nextInt(120);
        };
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    @Test
    void lengthsAtEveryVarintBoundary() throws RocksDBException {
        Random random = new Random(7);
        List<Change> group = new ArrayList<>();
        int[] lengths = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152};
        for (int i = 0; i < lengths.length; i++) {
            Cf cf = FAMILIES.get(i % FAMILIES.size());
            byte[] key = bytes(random, Math.max(1, Math.min(lengths[i], 20_000)));
            group.add(new Change(Kind.PUT, cf, key, bytes(random, lengths[i])));
        }
        writeRound(List.of(group));
        // an empty value is stored as one, not dropped
        assertArrayEquals(new byte[0], encoded.db.get(encoded.byCf[FAMILIES.get(0).ordinal()], group.get(0).key()));
    }

    @Test
    void deletesAndRangeDeletesRemoveWhatEarlierGroupsOfTheRoundPut() throws RocksDBException {
        List<Change> puts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            puts.add(new Change(Kind.PUT, Cf.QUEUED, new byte[] {'c', 0, (byte) i}, new byte[] {(byte) i}));
        }
        List<Change> removals = List.of(
                new Change(Kind.DELETE, Cf.QUEUED, new byte[] {'c', 0, 0}, null),
                new Change(Kind.DELETE_RANGE, Cf.QUEUED, new byte[] {'c', 0, 3}, new byte[] {'c', 0, 7}),
                new Change(Kind.DELETE, Cf.SESSIONS, new byte[] {'n', 'o', 'n', 'e'}, null));
        writeRound(List.of(puts, removals));
        assertEquals(5, encoded.contents().size()); // 1, 2, 7, 8, 9
    }

    @Test
    void manyChangesInOneGroup() throws RocksDBException {
        List<Change> group = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] key = ("key-" + i).getBytes();
            group.add(i % 7 == 6 ? new Change(Kind.DELETE, Cf.RETAINED, ("key-" + (i - 3)).getBytes(), null)
                    : new Change(Kind.PUT, Cf.RETAINED, key, ("value-" + i).getBytes()));
        }
        writeRound(List.of(group));
    }

    @Test
    void emptyGroupsAddNothing() throws RocksDBException {
        List<Change> one = List.of(new Change(Kind.PUT, Cf.SESSIONS, new byte[] {'x'}, new byte[] {'y'}));
        writeRound(List.of(List.of(), one, List.of()));
        assertEquals(List.of("sessions 78=79"), encoded.contents());
    }

    /**
     * Through the store: a round larger than one write batch (split between groups at 8 MiB) is
     * written entirely, and read back after a reopen.
     */
    @Test
    void roundsLargerThanOneBatchAreWrittenWhole() throws Exception {
        StoreSettings settings = StoreSettings.defaults(tmp.resolve("store"));
        List<CompletableFuture<Throwable>> done = new ArrayList<>();
        int things = 24;
        try (RocksBrokerStore store = RocksBrokerStore.open(settings)) {
            for (int i = 0; i < things; i++) {
                BrokerStore.WriteGroup group = store.newGroup();
                byte[] state = new byte[1 << 20];
                Arrays.fill(state, (byte) i);
                group.putShadow("thing-" + i, "", state);
                group.putShadow("thing-" + i, "small", new byte[] {(byte) i});
                CompletableFuture<Throwable> committed = new CompletableFuture<>();
                group.commit(committed::complete);
                done.add(committed);
            }
            for (CompletableFuture<Throwable> f : done) {
                assertNull(f.get(60, TimeUnit.SECONDS));
            }
        }
        try (RocksBrokerStore store = RocksBrokerStore.open(settings)) {
            for (int i = 0; i < things; i++) {
                byte[] expected = new byte[1 << 20];
                Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, store.readShadow("thing-" + i, ""));
                assertArrayEquals(new byte[] {(byte) i}, store.readShadow("thing-" + i, "small"));
                assertEquals(List.of("", "small"), store.shadowNames("thing-" + i));
            }
        }
    }
}
