package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The shadow scenario's JSON, written and read byte by byte without a JSON library: the hub parses
 * every request, so requests must be strictly valid JSON (no zero padding as in the telemetry
 * payload), and the generator reads a few top-level fields of each answer in place.
 *
 * <p>Client tokens say who sent a request and when: {@code d<seq>} for a device's reported update
 * (the device keeps the send time), {@code a<app>.<nanos>} for an application's desired update
 * (the nanos since {@link #EPOCH} travel in the token, so whichever connection reads the answer
 * or the delta can compute the latency).
 */
public final class ShadowJson {

    /** Token times count from here, so they are never negative. */
    public static final long EPOCH = System.nanoTime();

    /** Returned by the readers when the field is absent or not a whole number. */
    public static final long MISSING = Long.MIN_VALUE;

    public static final byte DEVICE_TOKEN = 'd';
    public static final byte APPLICATION_TOKEN = 'a';

    private static final byte[] REPORTED = ascii("{\"state\":{\"reported\":{\"temp\":");
    private static final byte[] HUM = ascii(",\"hum\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] SETPOINT = ascii(",\"setpoint\":");
    private static final byte[] DEVICE_TOKEN_START = ascii("}},\"clientToken\":\"d");
    private static final byte[] VERSION = ascii(",\"version\":");
    private static final byte[] DESIRED = ascii("{\"state\":{\"desired\":{\"setpoint\":");
    private static final byte[] APP_TOKEN_START = ascii("}},\"clientToken\":\"a");

    private static final byte[] KEY_TOKEN = ascii("\"clientToken\"");
    private static final byte[] KEY_VERSION = ascii("\"version\"");
    private static final byte[] KEY_CODE = ascii("\"code\"");
    private static final byte[] KEY_SETPOINT = ascii("\"setpoint\"");

    /** Longest request either writer produces (the longest numbers included). */
    public static final int MAX_REQUEST = 200;

    private ShadowJson() { }

    /**
     * A device's reported update: temperature, humidity and sequence change with every update;
     * {@code setpoint} (when not {@link #MISSING}) echoes the desired value the device applied;
     * {@code version} (when not {@link #MISSING}) asks for the optimistic-locking check.
     *
     * @return the length written into {@code out} from 0
     */
    public static int reported(byte[] out, long seq, long setpoint, long version) {
        int p = put(out, 0, REPORTED);
        int tenths = 180 + (int) (seq % 90 * 7 % 90);    // 18.0 … 26.9 °C
        p = putLong(out, p, tenths / 10);
        out[p++] = '.';
        out[p++] = (byte) ('0' + tenths % 10);
        p = put(out, p, HUM);
        p = putLong(out, p, 35 + seq % 30 * 13 % 30);     // 35 … 64 %
        p = put(out, p, SEQ);
        p = putLong(out, p, seq);
        if (setpoint != MISSING) {
            p = put(out, p, SETPOINT);
            p = putLong(out, p, setpoint);
        }
        p = put(out, p, DEVICE_TOKEN_START);
        p = putLong(out, p, seq);
        out[p++] = '"';
        if (version != MISSING) {
            p = put(out, p, VERSION);
            p = putLong(out, p, version);
        }
        out[p++] = '}';
        return p;
    }

    /** An application's desired update of one thing's setpoint. */
    public static int desired(byte[] out, long setpoint, int application, long sendNanos) {
        int p = put(out, 0, DESIRED);
        p = putLong(out, p, setpoint);
        p = put(out, p, APP_TOKEN_START);
        p = putLong(out, p, application);
        out[p++] = '.';
        p = putLong(out, p, Math.max(0, sendNanos - EPOCH));
        out[p++] = '"';
        out[p++] = '}';
        return p;
    }

    // ------------------------------------------------------------------ reading answers in place

    /**
     * Where the client token's characters start (after the opening quote), or -1. The token is
     * the only string we look for, and our own state keys never contain it.
     */
    public static int tokenStart(ByteBuf buf, int from, int to) {
        int v = valueStart(buf, from, to, KEY_TOKEN);
        return v >= 0 && v < to && buf.getByte(v) == '"' ? v + 1 : -1;
    }

    /** The decimal number that starts at {@code index} (stops at the first non-digit), or {@link #MISSING}. */
    public static long digits(ByteBuf buf, int index, int to) {
        long v = 0;
        int i = index;
        for (; i < to; i++) {
            int b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
        }
        return i == index ? MISSING : v;
    }

    /** Position of the first byte after the number that starts at {@code index}. */
    public static int skipDigits(ByteBuf buf, int index, int to) {
        int i = index;
        while (i < to && buf.getByte(i) >= '0' && buf.getByte(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The shadow version of an accepted answer or a document. */
    public static long version(ByteBuf buf, int from, int to) {
        return number(buf, from, to, KEY_VERSION);
    }

    /** The code of a rejected answer. */
    public static long code(ByteBuf buf, int from, int to) {
        return number(buf, from, to, KEY_CODE);
    }

    /** The desired setpoint in a delta (its metadata entry, an object, is skipped). */
    public static long setpoint(ByteBuf buf, int from, int to) {
        return number(buf, from, to, KEY_SETPOINT);
    }

    /**
     * A whole-number value of {@code key}, searched from the end (the hub writes {@code version},
     * {@code code} and {@code clientToken} after {@code state}); occurrences whose value is not a
     * number, such as a metadata entry, are skipped.
     */
    private static long number(ByteBuf buf, int from, int to, byte[] key) {
        int before = to;
        while (true) {
            int k = lastIndexOf(buf, from, before, key);
            if (k < 0) {
                return MISSING;
            }
            int v = valueAfterKey(buf, k + key.length, to);
            long n = v < 0 ? MISSING : digits(buf, v, to);
            if (n != MISSING) {
                return n;
            }
            before = k + key.length - 1;
        }
    }

    /** Index of the value of the last {@code key} followed by a colon (whitespace allowed), or -1. */
    private static int valueStart(ByteBuf buf, int from, int to, byte[] key) {
        int before = to;
        while (true) {
            int k = lastIndexOf(buf, from, before, key);
            if (k < 0) {
                return -1;
            }
            int v = valueAfterKey(buf, k + key.length, to);
            if (v >= 0) {
                return v;
            }
            before = k + key.length - 1;
        }
    }

    private static int valueAfterKey(ByteBuf buf, int afterKey, int to) {
        int p = skipSpace(buf, afterKey, to);
        return p < to && buf.getByte(p) == ':' ? skipSpace(buf, p + 1, to) : -1;
    }

    private static int skipSpace(ByteBuf buf, int p, int to) {
        int i = p;
        while (i < to) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** Start of the last occurrence of {@code needle} that ends before {@code before}, at or after {@code from}; or -1. */
    private static int lastIndexOf(ByteBuf buf, int from, int before, byte[] needle) {
        byte last = needle[needle.length - 1];
        outer:
        for (int i = before - needle.length; i >= from; i--) {
            if (buf.getByte(i + needle.length - 1) != last) {
                continue;
            }
            for (int j = 0; j < needle.length - 1; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ writing

    private static int put(byte[] out, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    /** Writes a non-negative number in decimal without padding. */
    static int putLong(byte[] out, int p, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = p + digits - 1; i >= p; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + digits;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
