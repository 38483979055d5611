package io.twinhub.core.presence;

import io.twinhub.core.device.Presence;

import java.nio.charset.StandardCharsets;

/**
 * The contract's presence document, {@code {"online":…,"since":…,"lastSeen":…}}, in ASCII,
 * written straight into the one array it needs: every connect and disconnect of a device builds
 * one.
 */
final class PresenceDocument {

    private static final byte[] ONLINE_TRUE = ascii("{\"online\":true");
    private static final byte[] ONLINE_FALSE = ascii("{\"online\":false");
    private static final byte[] SINCE = ascii(",\"since\":");
    private static final byte[] LAST_SEEN = ascii(",\"lastSeen\":");

    private PresenceDocument() { }

    static byte[] encode(Presence p) {
        byte[] online = p.online() ? ONLINE_TRUE : ONLINE_FALSE;
        int size = online.length + SINCE.length + digits(p.since()) + LAST_SEEN.length + digits(p.lastSeen()) + 1;
        byte[] out = new byte[size];
        int at = put(online, out, 0);
        at = put(SINCE, out, at);
        at = putDecimal(p.since(), out, at);
        at = put(LAST_SEEN, out, at);
        at = putDecimal(p.lastSeen(), out, at);
        out[at] = '}';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] part, byte[] out, int at) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    /** Characters of {@code v} in decimal, the sign included. */
    static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            n++;
        }
        return n;
    }

    private static int putDecimal(long v, byte[] out, int at) {
        if (v == Long.MIN_VALUE) {
            return put(ascii(Long.toString(v)), out, at);
        }
        int end = at + digits(v);
        long rest = v;
        if (rest < 0) {
            out[at] = '-';
            rest = -rest;
        }
        int i = end;
        do {
            out[--i] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        return end;
    }
}
