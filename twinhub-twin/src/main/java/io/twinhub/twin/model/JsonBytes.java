package io.twinhub.twin.model;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;

/**
 * Builds an answer body by appending JSON that is already serialized (the cached bytes of a
 * shadow's sections) between small literal fragments, so that a section written once is never
 * serialized again. The caller is responsible for producing well-formed JSON.
 */
final class JsonBytes {

    private static final byte[] NULL = "null".getBytes(US_ASCII);

    private byte[] buf;
    private int size;

    JsonBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Appends a literal fragment; only ASCII literals written in this package are passed here. */
    JsonBytes raw(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Appends serialized JSON as it is, or {@code null} when there is none. */
    JsonBytes json(byte[] serialized) {
        byte[] value = serialized == null ? NULL : serialized;
        ensure(value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        return this;
    }

    JsonBytes number(long value) {
        return raw(Long.toString(value));
    }

    /** Appends {@code value} as a quoted, escaped JSON string. */
    JsonBytes string(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        ensure(escaped.length + 2);
        buf[size++] = '"';
        System.arraycopy(escaped, 0, buf, size, escaped.length);
        size += escaped.length;
        buf[size++] = '"';
        return this;
    }

    /** Appends {@code ,"clientToken":"…"} when there is a token; nothing otherwise. */
    JsonBytes clientToken(String token) {
        return token == null ? this : raw(",\"clientToken\":").string(token);
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
