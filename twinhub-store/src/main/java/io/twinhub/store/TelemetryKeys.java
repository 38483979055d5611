package io.twinhub.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layout of the telemetry column families. RocksDB orders keys bytewise, so:
 *
 * <ul>
 *   <li>{@code telemetry_log}: the sequence number, 8 bytes big-endian (never negative), so the
 *       log reads back in sequence order and a range of entries is one range deletion;</li>
 *   <li>{@code series}: {@code hash(8) device 0x00 keyLength(2) key bucketStart(8) seq(8)}. The
 *       first 8 bytes are a hash of the series: the column family's fixed-length prefix, which
 *       its bloom filters index, so a read of one series skips every file that holds none of it.
 *       The full series name follows, so a hash collision never mixes two series. The bucket
 *       start has its sign bit flipped, so that negative starts (before 1970) sort before positive
 *       ones; the seq is big-endian. One series' chunks are thus contiguous, in (bucket, seq)
 *       order;</li>
 *   <li>{@code latest}: {@code device 0x00 key}, as {@link Keys} lays out per-session keys: one
 *       device's values are the range [{@code device 0x00}, {@code device 0x01}).</li>
 * </ul>
 *
 * A device id never contains U+0000 (refused here), so device "a" never covers "ab" or "a\0b".
 */
final class TelemetryKeys {

    /** The fixed prefix length of {@code series} keys: the hash. */
    static final int SERIES_PREFIX_BYTES = 8;
    /** Bucket start and seq after the series name. */
    private static final int CHUNK_SUFFIX_BYTES = 16;

    private TelemetryKeys() { }

    static byte[] log(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("negative telemetry log sequence number " + seq);
        }
        byte[] key = new byte[8];
        putLong(key, 0, seq);
        return key;
    }

    static long logSeqOf(byte[] key) {
        if (key.length != 8) {
            throw new IllegalArgumentException("a telemetry log key has 8 bytes, not " + key.length);
        }
        return getLong(key, 0);
    }

    static byte[] chunk(String device, String key, long bucketStart, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("negative chunk sequence number " + seq);
        }
        byte[] series = series(device, key);
        byte[] out = Arrays.copyOf(series, series.length + CHUNK_SUFFIX_BYTES);
        putLong(out, series.length, bucketStart ^ Long.MIN_VALUE);
        putLong(out, series.length + 8, seq);
        return out;
    }

    /** The first possible key of the series' chunks in bucket {@code fromBucket} (inclusive bound). */
    static byte[] chunksFrom(String device, String key, long fromBucket) {
        return chunk(device, key, fromBucket, 0);
    }

    /**
     * An exclusive bound just past every chunk of the series in bucket {@code toBucket}: the key
     * of (toBucket, all-ones seq) followed by one more byte sorts after every 16-byte suffix that
     * starts with that bucket, and before every key of a later bucket.
     */
    static byte[] chunksPast(String device, String key, long toBucket) {
        byte[] series = series(device, key);
        byte[] out = Arrays.copyOf(series, series.length + CHUNK_SUFFIX_BYTES + 1);
        putLong(out, series.length, toBucket ^ Long.MIN_VALUE);
        Arrays.fill(out, series.length + 8, series.length + CHUNK_SUFFIX_BYTES, (byte) 0xFF);
        return out;
    }

    /** The last possible key of the series' chunks in bucket {@code toBucket} (inclusive). */
    static byte[] chunksTo(String device, String key, long toBucket) {
        byte[] past = chunksPast(device, key, toBucket);
        return Arrays.copyOf(past, past.length - 1);
    }

    static long bucketStartOf(byte[] chunkKey) {
        return getLong(chunkKey, chunkKey.length - CHUNK_SUFFIX_BYTES) ^ Long.MIN_VALUE;
    }

    static long chunkSeqOf(byte[] chunkKey) {
        return getLong(chunkKey, chunkKey.length - 8);
    }

    /** A chunk key as an operator can read it in an error message. */
    static String describeChunk(byte[] chunkKey) {
        int sep = SERIES_PREFIX_BYTES;
        while (chunkKey[sep] != Keys.SEPARATOR) {
            sep++;
        }
        int keyLength = ((chunkKey[sep + 1] & 0xFF) << 8) | (chunkKey[sep + 2] & 0xFF);
        if (chunkKey.length != sep + 3 + keyLength + CHUNK_SUFFIX_BYTES) {
            throw new IllegalArgumentException("not a chunk key");
        }
        return "device \"" + new String(chunkKey, SERIES_PREFIX_BYTES, sep - SERIES_PREFIX_BYTES, StandardCharsets.UTF_8)
                + "\", key \"" + new String(chunkKey, sep + 3, keyLength, StandardCharsets.UTF_8)
                + "\", bucket " + bucketStartOf(chunkKey) + ", seq " + chunkSeqOf(chunkKey);
    }

    static byte[] latest(String device, String key) {
        byte[] d = device(device);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[d.length + 1 + k.length];
        System.arraycopy(d, 0, out, 0, d.length);
        out[d.length] = Keys.SEPARATOR;
        System.arraycopy(k, 0, out, d.length + 1, k.length);
        return out;
    }

    static byte[] latestFrom(String device) {
        return latest(device, "");
    }

    static byte[] latestPast(String device) {
        byte[] end = latest(device, "");
        end[end.length - 1] = Keys.SEPARATOR + 1;
        return end;
    }

    /** The telemetry key of a {@code latest} key of {@code device}. */
    static String latestKeyOf(byte[] latestKey, String device) {
        int from = device.getBytes(StandardCharsets.UTF_8).length + 1;
        return new String(latestKey, from, latestKey.length - from, StandardCharsets.UTF_8);
    }

    /**
     * A stable 64-bit hash of the series: FNV-1a over the UTF-8 bytes of device, 0x00 and key,
     * then a finalizer that spreads every input bit over all 64 bits (FNV-1a alone mixes its
     * last bytes poorly into the high bits, and the high bytes lead the key). Stored on disk:
     * never change it without a layout change.
     */
    static long seriesHash(byte[] device, byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : device) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        h *= 0x100000001b3L; // the 0x00 separator
        for (byte b : key) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** hash(8) device 0x00 keyLength(2) key: every chunk key of the series starts with it. */
    private static byte[] series(String device, String key) {
        byte[] d = device(device);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > 0xFFFF) {
            throw new IllegalArgumentException("telemetry key longer than 65535 bytes: " + k.length);
        }
        byte[] out = new byte[SERIES_PREFIX_BYTES + d.length + 1 + 2 + k.length];
        putLong(out, 0, seriesHash(d, k));
        int at = SERIES_PREFIX_BYTES;
        System.arraycopy(d, 0, out, at, d.length);
        at += d.length;
        out[at++] = Keys.SEPARATOR;
        out[at++] = (byte) (k.length >>> 8);
        out[at++] = (byte) k.length;
        System.arraycopy(k, 0, out, at, k.length);
        return out;
    }

    private static byte[] device(String device) {
        if (device.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("device id contains U+0000: " + device.replace('\0', '?'));
        }
        return device.getBytes(StandardCharsets.UTF_8);
    }

    private static void putLong(byte[] out, int at, long v) {
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] in, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[at + i] & 0xFF);
        }
        return v;
    }
}
