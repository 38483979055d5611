package io.twinhub.store;

import java.util.Arrays;
import java.util.List;

/**
 * A group's changes, encoded as they are added into the records of RocksDB's serialized write
 * batch, so that the writer thread can hand RocksDB a whole round's batch in one call instead of
 * one call per change (see {@link #serialize}).
 *
 * <p>The format is RocksDB's own (db/write_batch.cc, value types from db/dbformat.h): a batch is
 * a 12-byte header (sequence number, fixed64 little-endian, which RocksDB assigns when it writes
 * the batch, so 0 here; record count, fixed32 little-endian) followed by the records. A record for
 * a column family other than "default" is a type byte, the column family id (varint32), then
 * length-prefixed (varint32) slices: key and value for a put, the key for a delete, begin and
 * exclusive end key for a range delete. The store never writes to "default" (id 0), whose
 * records have other type bytes and no id.
 *
 * <p>Filled by one thread; once handed to the writer it is only read.
 */
final class BatchRecords {

    /** Sequence number (8 bytes) and record count (4 bytes). */
    static final int HEADER_BYTES = 12;

    // RocksDB's value types for a change to a non-default column family; they are part of the
    // write-ahead log format and never change
    private static final byte CF_DELETION = 0x04;
    private static final byte CF_VALUE = 0x05;
    private static final byte CF_RANGE_DELETION = 0x0E;

    /** Most groups stay empty (a publish that nobody stores): they allocate nothing. */
    private static final byte[] EMPTY = new byte[0];

    /** Column family id by {@link Cf#ordinal()}, as RocksDB assigned them when the store opened. */
    private final int[] cfIds;
    private byte[] buf;
    private int length;
    private int count;

    BatchRecords(int[] cfIds) {
        this.cfIds = cfIds;
        this.buf = EMPTY;
    }

    void put(Cf cf, byte[] key, byte[] value) {
        put(cf, key, value, value.length);
    }

    /** A put whose value is the first {@code valueLength} bytes of {@code value}. */
    void put(Cf cf, byte[] key, byte[] value, int valueLength) {
        ensure(1 + 5 + 5 + key.length + 5 + valueLength);
        record(CF_VALUE, cf);
        slice(key, key.length);
        slice(value, valueLength);
    }

    void delete(Cf cf, byte[] key) {
        ensure(1 + 5 + 5 + key.length);
        record(CF_DELETION, cf);
        slice(key, key.length);
    }

    /** Deletes the keys from {@code from} (inclusive) to {@code to} (exclusive). */
    void deleteRange(Cf cf, byte[] from, byte[] to) {
        ensure(1 + 5 + 5 + from.length + 5 + to.length);
        record(CF_RANGE_DELETION, cf);
        slice(from, from.length);
        slice(to, to.length);
    }

    /** How many records: changes, one per put, delete or range delete. */
    int count() {
        return count;
    }

    /** Size of the encoded records in bytes (without a batch header). */
    int length() {
        return length;
    }

    /** The encoded records: the first {@link #length()} bytes of the array, not a copy. */
    byte[] bytes() {
        return buf;
    }

    /**
     * One serialized RocksDB write batch holding the records of {@code groups}, in order: the
     * argument of {@code new WriteBatch(byte[])}.
     *
     * @throws IllegalArgumentException if it would not fit in one array
     */
    static byte[] serialize(List<PendingGroup> groups) {
        long size = HEADER_BYTES;
        long records = 0;
        for (PendingGroup g : groups) {
            size += g.records().length();
            records += g.records().count();
        }
        if (size > Integer.MAX_VALUE - 8 || records > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("write batch too large: " + size + " bytes, " + records + " records");
        }
        byte[] batch = new byte[(int) size];
        // bytes 0-7, the sequence number, stay 0: RocksDB sets it when it writes the batch
        batch[8] = (byte) records;
        batch[9] = (byte) (records >>> 8);
        batch[10] = (byte) (records >>> 16);
        batch[11] = (byte) (records >>> 24);
        int at = HEADER_BYTES;
        for (PendingGroup g : groups) {
            BatchRecords r = g.records();
            System.arraycopy(r.buf, 0, batch, at, r.length);
            at += r.length;
        }
        return batch;
    }

    private void record(byte type, Cf cf) {
        int id = cfIds[cf.ordinal()];
        if (id == 0) {
            throw new IllegalStateException("column family '" + cf.cfName + "' has RocksDB's default id 0");
        }
        buf[length++] = type;
        varint32(id);
        count++;
    }

    private void slice(byte[] bytes, int n) {
        varint32(n);
        System.arraycopy(bytes, 0, buf, length, n);
        length += n;
    }

    /** Seven bits a byte, least significant first; the high bit says that more bytes follow. */
    private void varint32(int v) {
        while ((v & ~0x7F) != 0) {
            buf[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[length++] = (byte) v;
    }

    private void ensure(long more) {
        long needed = length + more;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("write group too large: " + needed + " bytes");
            }
            // the first record gets an array of its own size: most groups hold one record
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.length)));
        }
    }
}
