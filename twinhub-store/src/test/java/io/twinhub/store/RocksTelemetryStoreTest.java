package io.twinhub.store;

import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.TelemetryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.twinhub.store.RocksBrokerStoreTest.commit;
import static org.assertj.core.api.Assertions.assertThat;

/** The telemetry column families through a real RocksDB: writes, bounded reads, retention, reopen. */
class RocksTelemetryStoreTest {

    private static final long HOUR = 3_600_000;

    @TempDir
    Path tmp;

    private final List<RocksBrokerStore> open = new ArrayList<>();
    private RocksBrokerStore store;

    @AfterEach
    void closeStores() {
        open.forEach(RocksBrokerStore::close);
    }

    private RocksBrokerStore open(String dir, Duration retention) {
        RocksBrokerStore s = RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve(dir))
                .withDurability(Durability.NONE).withTelemetryRetention(retention));
        open.add(s);
        return s;
    }

    private RocksBrokerStore reopen() {
        store.close();
        open.remove(store);
        store = open("data", Duration.ZERO);
        return store;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "bucket/seq=value" for each chunk read. */
    private static List<String> chunks(TelemetryStore t, String device, String key, long from, long to, long maxSeq,
                                       boolean newestFirst) {
        List<String> out = new ArrayList<>();
        t.readChunks(device, key, from, to, maxSeq, newestFirst, (bucket, seq, chunk) -> {
            out.add(bucket / HOUR + "/" + seq + "=" + new String(chunk, StandardCharsets.UTF_8));
            return true;
        });
        return out;
    }

    private static Map<Long, String> log(TelemetryStore t) {
        Map<Long, String> out = new LinkedHashMap<>();
        t.readLog((seq, entry) -> out.put(seq, new String(entry, StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, String> latest(TelemetryStore t, String device) {
        Map<String, String> out = new LinkedHashMap<>();
        t.readLatest(device, (key, value) -> out.put(key, new String(value, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void everyKindOfRecordSurvivesAReopen() {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newBulkGroup();
        g.putTelemetryLog(1L << 48, bytes("shard 1, entry 0"));
        g.putTelemetryLog(5, bytes("shard 0, entry 5"));
        g.putSeriesChunk("dev-1", "temp", -HOUR, 10, bytes("before 1970"));
        g.putSeriesChunk("dev-1", "temp", 5 * HOUR, 11, bytes("later"));
        g.putLatest("dev-1", "temp", bytes("21.5"));
        g.putLatest("dev-1", "on", bytes("true"));
        commit(g);

        TelemetryStore t = reopen().telemetry();
        assertThat(log(t)).containsExactly(Map.entry(5L, "shard 0, entry 5"), Map.entry(1L << 48, "shard 1, entry 0"));
        assertThat(chunks(t, "dev-1", "temp", Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false))
                .containsExactly("-1/10=before 1970", "5/11=later");
        assertThat(latest(t, "dev-1")).containsExactly(Map.entry("on", "true"), Map.entry("temp", "21.5"));
    }

    @Test
    void aLatestValueIsReplacedAndEachDeviceSeesOnlyItsOwn() {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newGroup();
        g.putLatest("a", "t", bytes("a1"));
        g.putLatest("ab", "t", bytes("ab"));
        g.putLatest("a\u0001", "t", bytes("a\\1"));
        g.putLatest("", "t", bytes("empty id"));
        commit(g);
        g = store.newGroup();
        g.putLatest("a", "t", bytes("a2"));
        commit(g);
        TelemetryStore t = store.telemetry();
        assertThat(latest(t, "a")).containsExactly(Map.entry("t", "a2"));
        assertThat(latest(t, "ab")).containsExactly(Map.entry("t", "ab"));
        assertThat(latest(t, "")).containsExactly(Map.entry("t", "empty id"));
        assertThat(latest(t, "b")).isEmpty();
    }

    @Test
    void chunksReadForwardOrBackwardWithinTheBucketsAndUpToMaxSeq() {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newBulkGroup();
        for (long bucket = -2; bucket <= 3; bucket++) {
            g.putSeriesChunk("d", "k", bucket * HOUR, 100 + bucket, bytes("c" + bucket));
            g.putSeriesChunk("d", "k", bucket * HOUR, 200 + bucket, bytes("late" + bucket));
        }
        // neighbours that a bound mistake would pull in
        g.putSeriesChunk("d", "kk", 0, 1, bytes("other key"));
        g.putSeriesChunk("d", "", 0, 1, bytes("empty key"));
        g.putSeriesChunk("dd", "k", 0, 1, bytes("other device"));
        commit(g);
        TelemetryStore t = store.telemetry();

        assertThat(chunks(t, "d", "k", -1 * HOUR, 1 * HOUR, Long.MAX_VALUE, false)).containsExactly(
                "-1/99=c-1", "-1/199=late-1", "0/100=c0", "0/200=late0", "1/101=c1", "1/201=late1");
        assertThat(chunks(t, "d", "k", -1 * HOUR, 1 * HOUR, Long.MAX_VALUE, true)).containsExactly(
                "1/201=late1", "1/101=c1", "0/200=late0", "0/100=c0", "-1/199=late-1", "-1/99=c-1");
        // a flush not yet visible to the reader (seq above maxSeq) is skipped, in both directions
        assertThat(chunks(t, "d", "k", 2 * HOUR, 3 * HOUR, 199, true)).containsExactly("3/103=c3", "2/102=c2");
        assertThat(chunks(t, "d", "k", -2 * HOUR, 3 * HOUR, 150, false)).containsExactly(
                "-2/98=c-2", "-1/99=c-1", "0/100=c0", "1/101=c1", "2/102=c2", "3/103=c3");
        assertThat(chunks(t, "d", "k", 4 * HOUR, 9 * HOUR, Long.MAX_VALUE, true)).isEmpty();
        assertThat(chunks(t, "d", "k", 1 * HOUR, 0, Long.MAX_VALUE, false)).isEmpty();
        assertThat(chunks(t, "d", "kk", Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true))
                .containsExactly("0/1=other key");
        assertThat(chunks(t, "x", "k", Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true)).isEmpty();
    }

    @Test
    void aVisitorStopsTheRead() {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newBulkGroup();
        for (long bucket = 0; bucket < 10; bucket++) {
            g.putSeriesChunk("d", "k", bucket * HOUR, 1, bytes("c" + bucket));
        }
        commit(g);
        List<Long> seen = new ArrayList<>();
        store.telemetry().readChunks("d", "k", 0, 9 * HOUR, Long.MAX_VALUE, true, (bucket, seq, chunk) -> {
            seen.add(bucket / HOUR);
            return seen.size() < 3;
        });
        assertThat(seen).containsExactly(9L, 8L, 7L);
    }

    @Test
    void chunksFromFlushedFilesAndTheMemtableReadAsOne() throws Exception {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newBulkGroup();
        g.putSeriesChunk("d", "k", 0, 1, bytes("on disk"));
        g.putSeriesChunk("other", "k", 0, 1, bytes("x"));
        commit(g);
        store = reopen(); // a clean close flushes: the first chunks are in a file now
        g = store.newBulkGroup();
        g.putSeriesChunk("d", "k", HOUR, 2, bytes("in memory"));
        commit(g);
        assertThat(chunks(store.telemetry(), "d", "k", 0, HOUR, Long.MAX_VALUE, true))
                .containsExactly("1/2=in memory", "0/1=on disk");
    }

    @Test
    void aLogRangeRemovalRemovesExactlyTheRange() {
        store = open("data", Duration.ZERO);
        BrokerStore.WriteGroup g = store.newBulkGroup();
        for (long shard = 0; shard < 3; shard++) {
            for (long n = 0; n < 4; n++) {
                g.putTelemetryLog((shard << 48) | n, bytes(shard + ":" + n));
            }
        }
        commit(g);
        g = store.newBulkGroup();
        g.removeTelemetryLog(1L << 48, (1L << 48) | 3); // shard 1 flushed its first three entries
        g.removeTelemetryLog(5, 5); // empty: nothing
        commit(g);
        assertThat(log(store.telemetry()).values()).containsExactly(
                "0:0", "0:1", "0:2", "0:3", "1:3", "2:0", "2:1", "2:2", "2:3");
        g = store.newBulkGroup();
        g.removeTelemetryLog(0, Long.MAX_VALUE); // the start-up flush removes everything
        commit(g);
        assertThat(log(reopen().telemetry())).isEmpty();
    }

    /** A directory written before the telemetry column families existed opens, and gains them. */
    @Test
    void aDirectoryWithoutTheTelemetryFamiliesOpens() throws Exception {
        Path rocks = tmp.resolve("data/rocksdb");
        Files.createDirectories(rocks);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (Cf cf : Cf.values()) {
            if (cf.ordinal() <= Cf.SHADOWS.ordinal()) {
                descriptors.add(new ColumnFamilyDescriptor(cf.nameBytes()));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, rocks.toString(), descriptors, handles)) {
            db.put(handles.get(Cf.SHADOWS.ordinal() + 1), Keys.shadow("thing", ""), bytes("{}"));
            handles.forEach(ColumnFamilyHandle::close);
        }
        store = open("data", Duration.ofHours(1));
        assertThat(store.readShadow("thing", "")).isEqualTo(bytes("{}"));
        BrokerStore.WriteGroup g = store.newBulkGroup();
        g.putSeriesChunk("d", "k", 0, 1, bytes("c"));
        g.putLatest("d", "k", bytes("v"));
        commit(g);
        TelemetryStore t = reopen().telemetry();
        assertThat(chunks(t, "d", "k", 0, 0, Long.MAX_VALUE, false)).containsExactly("0/1=c");
        assertThat(store.readShadow("thing", "")).isEqualTo(bytes("{}"));
    }

    /** Switching a retention on (FIFO) for chunks written under level compaction, and off again. */
    @Test
    void theRetentionCanBeSwitchedOnAndOffForExistingData() {
        store = open("data", Duration.ZERO);
        for (int round = 0; round < 6; round++) {
            BrokerStore.WriteGroup g = store.newBulkGroup();
            g.putSeriesChunk("d", "k", round * HOUR, round, bytes("c" + round));
            commit(g);
            store = reopen(); // one file per round: level compaction moves them below level 0
        }
        store.close();
        open.remove(store);
        store = open("data", Duration.ofDays(30));
        store.applyTelemetryRetention();
        assertThat(chunks(store.telemetry(), "d", "k", 0, 5 * HOUR, Long.MAX_VALUE, false)).hasSize(6);
        store = reopen();
        assertThat(chunks(store.telemetry(), "d", "k", 0, 5 * HOUR, Long.MAX_VALUE, false)).hasSize(6);
    }

    @Test
    void chunksOlderThanTheRetentionAreDroppedAndKeptForeverWithoutOne() throws Exception {
        RocksBrokerStore expiring = open("expiring", Duration.ofSeconds(2));
        RocksBrokerStore forever = open("forever", Duration.ZERO);
        for (RocksBrokerStore s : List.of(expiring, forever)) {
            BrokerStore.WriteGroup g = s.newBulkGroup();
            g.putSeriesChunk("d", "k", 0, 1, bytes("old"));
            g.putLatest("d", "k", bytes("latest"));
            commit(g);
            s.applyTelemetryRetention();
        }
        assertThat(chunks(expiring.telemetry(), "d", "k", 0, 0, Long.MAX_VALUE, false)).containsExactly("0/1=old");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!chunks(expiring.telemetry(), "d", "k", 0, 0, Long.MAX_VALUE, false).isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            expiring.applyTelemetryRetention();
            forever.applyTelemetryRetention();
        }
        assertThat(chunks(expiring.telemetry(), "d", "k", 0, 0, Long.MAX_VALUE, false)).as("expired").isEmpty();
        assertThat(chunks(forever.telemetry(), "d", "k", 0, 0, Long.MAX_VALUE, false)).containsExactly("0/1=old");
        // the retention is for chunks only: latest values and what arrives now stay
        assertThat(latest(expiring.telemetry(), "d")).containsExactly(Map.entry("k", "latest"));
        BrokerStore.WriteGroup g = expiring.newBulkGroup();
        g.putSeriesChunk("d", "k", 0, 2, bytes("new"));
        commit(g);
        expiring.applyTelemetryRetention();
        assertThat(chunks(expiring.telemetry(), "d", "k", 0, 0, Long.MAX_VALUE, false)).containsExactly("0/2=new");
    }
}
