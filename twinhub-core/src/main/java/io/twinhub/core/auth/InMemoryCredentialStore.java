package io.twinhub.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link CredentialStore} that keeps nothing across a restart: for the memory storage engine and tests. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<Table, ConcurrentSkipListMap<byte[], byte[]>> tables = new EnumMap<>(Table.class);

    public InMemoryCredentialStore() {
        for (Table t : Table.values()) {
            tables.put(t, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
        }
    }

    @Override
    public byte[] get(Table table, String key) {
        byte[] v = tables.get(table).get(utf8(key));
        return v == null ? null : v.clone();
    }

    @Override
    public void put(Table table, String key, byte[] value) {
        tables.get(table).put(utf8(key), value.clone());
    }

    @Override
    public void delete(Table table, String key) {
        tables.get(table).remove(utf8(key));
    }

    @Override
    public List<Entry> scan(Table table, String prefix, String after, int limit) {
        byte[] p = utf8(prefix);
        ConcurrentSkipListMap<byte[], byte[]> map = tables.get(table);
        var tail = after == null ? map.tailMap(p, true) : map.tailMap(utf8(after), false);
        List<Entry> out = new ArrayList<>();
        for (var e : tail.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            if (!startsWith(e.getKey(), p)) {
                if (Arrays.compareUnsigned(e.getKey(), p) > 0) {
                    break;
                }
                continue;
            }
            out.add(new Entry(new String(e.getKey(), StandardCharsets.UTF_8), e.getValue().clone()));
        }
        return out;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
