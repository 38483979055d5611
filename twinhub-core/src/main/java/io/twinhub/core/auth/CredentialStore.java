package io.twinhub.core.auth;

import java.util.List;

/**
 * Durable records of the device registry and the credentials, as opaque bytes by table and key.
 * Writes are durable when they return; every method may block on disk, so callers stay off the
 * event loops. Keys are compared as UTF-8 bytes.
 */
public interface CredentialStore {

    enum Table { DEVICES, APPLICATIONS, ADMIN_TOKENS }

    record Entry(String key, byte[] value) { }

    /** The value, or null when there is none. */
    byte[] get(Table table, String key);

    void put(Table table, String key, byte[] value);

    /** Removes the record; a missing one is not an error. */
    void delete(Table table, String key);

    /**
     * Records whose key starts with {@code prefix} (empty: all), strictly after {@code after}
     * (null: from the first), in key order, at most {@code limit}.
     */
    List<Entry> scan(Table table, String prefix, String after, int limit);
}
