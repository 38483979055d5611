package io.twinhub.store;

import io.twinhub.core.auth.CredentialStore;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CredentialStore} on the node's RocksDB, one column family per table. Writes bypass the
 * group committer: they are rare (an operator creating a device, rotating a token), so each is
 * written with its own WAL sync and is durable when the call returns, whatever the store's
 * durability mode for messages.
 */
final class RocksCredentialStore implements CredentialStore, AutoCloseable {

    private final RocksDB db;
    private final Map<Table, ColumnFamilyHandle> handles = new EnumMap<>(Table.class);
    private final String where;
    private final Runnable requireOpen;
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);

    RocksCredentialStore(RocksDB db, Map<Cf, ColumnFamilyHandle> cfs, String where, Runnable requireOpen) {
        this.db = db;
        this.where = where;
        this.requireOpen = requireOpen;
        handles.put(Table.DEVICES, cfs.get(Cf.DEVICES));
        handles.put(Table.APPLICATIONS, cfs.get(Cf.APPLICATIONS));
        handles.put(Table.ADMIN_TOKENS, cfs.get(Cf.ADMIN_TOKENS));
    }

    @Override
    public byte[] get(Table table, String key) {
        requireOpen.run();
        try {
            return db.get(handles.get(table), utf8(key));
        } catch (RocksDBException e) {
            throw failure("read", table, e);
        }
    }

    @Override
    public void put(Table table, String key, byte[] value) {
        requireOpen.run();
        try {
            db.put(handles.get(table), syncWrite, utf8(key), value);
        } catch (RocksDBException e) {
            throw failure("write", table, e);
        }
    }

    @Override
    public void delete(Table table, String key) {
        requireOpen.run();
        try {
            db.delete(handles.get(table), syncWrite, utf8(key));
        } catch (RocksDBException e) {
            throw failure("write", table, e);
        }
    }

    @Override
    public List<Entry> scan(Table table, String prefix, String after, int limit) {
        requireOpen.run();
        byte[] p = utf8(prefix);
        List<Entry> out = new ArrayList<>();
        try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(handles.get(table), read)) {
            if (after != null && Arrays.compareUnsigned(utf8(after), p) >= 0) {
                it.seek(utf8(after));
                if (it.isValid() && Arrays.equals(it.key(), utf8(after))) {
                    it.next();
                }
            } else {
                it.seek(p);
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, p)) {
                    break;  // keys are in order: past the prefix, nothing more can match
                }
                out.add(new Entry(new String(key, StandardCharsets.UTF_8), it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("read", table, e);
        }
        return out;
    }

    @Override
    public void close() {
        syncWrite.close();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private StoreException failure(String what, Table table, RocksDBException e) {
        return new StoreException("cannot " + what + " " + table.name().toLowerCase() + " in " + where + ": "
                + e.getMessage(), e);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
