package io.twinhub.auth;

import io.twinhub.core.device.DeviceIds;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.core.auth.CredentialStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One table of a {@link CredentialStore} holding records of type {@code T} as JSON, so that an
 * operator can read them with any RocksDB tool. Changes are rare and serialised by one lock
 * (so that create-if-absent and read-modify-write are atomic); reads take no lock.
 */
final class JsonRecords<T> {

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final CredentialStore store;
    private final CredentialStore.Table table;
    private final Class<T> type;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    JsonRecords(CredentialStore store, CredentialStore.Table table, Class<T> type) {
        this.store = store;
        this.table = table;
        this.type = type;
    }

    T get(String key) {
        byte[] bytes = store.get(table, key);
        return bytes == null ? null : decode(key, bytes);
    }

    List<Map.Entry<String, T>> scan(String prefix, String after, int limit) {
        List<Map.Entry<String, T>> out = new ArrayList<>();
        for (CredentialStore.Entry e : store.scan(table, prefix, after, limit)) {
            out.add(Map.entry(e.key(), decode(e.key(), e.value())));
        }
        return out;
    }

    /** Runs {@code change} under the write lock. */
    <R> R locked(java.util.function.Supplier<R> change) {
        writeLock.lock();
        try {
            return change.get();
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes durably; call under {@link #locked}. Listeners hear of it after the write. */
    void put(String key, T value, boolean credentialChanged) {
        try {
            store.put(table, key, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (credentialChanged) {
            listeners.forEach(l -> l.accept(key));
        }
    }

    void delete(String key) {
        store.delete(table, key);
        listeners.forEach(l -> l.accept(key));
    }

    /** Called with the key after a credential was replaced or removed. */
    /** Deletes the record of a well-formed id; false when the id is malformed or has no record. */
    boolean deleteIfPresent(String key) {
        if (!DeviceIds.isValid(key)) {
            return false;
        }
        return locked(() -> {
            if (get(key) == null) {
                return false;
            }
            delete(key);
            return true;
        });
    }

    void onCredentialChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private T decode(String key, byte[] bytes) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + table.name().toLowerCase() + " record '" + key + "': "
                    + e.getMessage(), e);
        }
    }
}
