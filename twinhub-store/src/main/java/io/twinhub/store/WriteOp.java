package io.twinhub.store;

/**
 * One change of a group, already encoded. Encoding happens when the change is added (on the
 * caller's thread), so the writer thread only copies bytes into RocksDB.
 *
 * @param value the encoded value for a put, the exclusive end key for a range delete, else null
 */
record WriteOp(Kind kind, Cf cf, byte[] key, byte[] value) {

    enum Kind { PUT, DELETE, DELETE_RANGE }

    static WriteOp put(Cf cf, byte[] key, byte[] value) {
        return new WriteOp(Kind.PUT, cf, key, value);
    }

    static WriteOp delete(Cf cf, byte[] key) {
        return new WriteOp(Kind.DELETE, cf, key, null);
    }

    static WriteOp deleteRange(Cf cf, byte[] from, byte[] to) {
        return new WriteOp(Kind.DELETE_RANGE, cf, from, to);
    }

    /** Roughly what it costs in a write batch; to keep batches to a sensible size. */
    int bytes() {
        return key.length + (value == null ? 0 : value.length) + 8;
    }
}
