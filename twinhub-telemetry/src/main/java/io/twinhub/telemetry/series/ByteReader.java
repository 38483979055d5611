package io.twinhub.telemetry.series;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote, from {@code bytes[position..limit)}. Every read checks its
 * bounds and throws {@link IllegalArgumentException} naming {@code what} (the format being read),
 * so corrupt input never surfaces as an index exception.
 */
final class ByteReader {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private final String what;
  private int position;
  private final int limit;
  private char[] scratch = new char[0];

  ByteReader(byte[] bytes, String what) {
    this(bytes, 0, bytes.length, what);
  }

  ByteReader(byte[] bytes, int from, int to, String what) {
    this.bytes = bytes;
    this.what = what;
    this.position = from;
    this.limit = to;
  }

  int position() {
    return position;
  }

  int remaining() {
    return limit - position;
  }

  void skip(int length) {
    if (length < 0 || length > remaining()) {
      throw corrupt("truncated");
    }
    position += length;
  }

  IllegalArgumentException corrupt(String message) {
    return new IllegalArgumentException(what + " is corrupt: " + message);
  }

  int readByte() {
    if (position >= limit) {
      throw corrupt("truncated");
    }
    return bytes[position++] & 0xFF;
  }

  byte[] readBytes(int length) {
    if (length > remaining()) {
      throw corrupt("truncated");
    }
    byte[] out = new byte[length];
    System.arraycopy(bytes, position, out, 0, length);
    position += length;
    return out;
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (shift == 63 && b > 1) {
        throw corrupt("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return result;
      }
    }
    throw corrupt("varint longer than 10 bytes");
  }

  /**
   * A varint that counts something of at least {@code minBytesEach} bytes still to be read (0:
   * no bound but an int; compressed points can take less than a byte), so a damaged count cannot
   * make the caller allocate far more than the input could hold.
   */
  int readCount(int minBytesEach) {
    long count = readVarint();
    long bound = minBytesEach == 0 ? Integer.MAX_VALUE : remaining() / minBytesEach;
    if (count < 0 || count > bound) {
      throw corrupt("count " + count + " exceeds the remaining " + remaining() + " bytes");
    }
    return (int) count;
  }

  long readZigzag() {
    long z = readVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  long readLong() {
    if (remaining() < 8) {
      throw corrupt("truncated");
    }
    long value = (long) LONG_BE.get(bytes, position);
    position += 8;
    return value;
  }

  /** Reads a string written by {@link ByteWriter#writeString}; malformed UTF-8 is rejected. */
  String readString() {
    int length = readCount(1);
    int start = position;
    int end = start + length;
    int i = start;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      position = end;
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1); // all ASCII
    }
    if (scratch.length < length) {
      scratch = new char[Math.max(length, 2 * scratch.length)];
    }
    char[] out = scratch;
    int chars = 0;
    for (int j = start; j < i; j++) {
      out[chars++] = (char) bytes[j];
    }
    while (i < end) {
      int b = bytes[i++] & 0xFF;
      if (b < 0x80) {
        out[chars++] = (char) b;
      } else if (b >= 0xC2 && b <= 0xDF) {
        out[chars++] = (char) (((b & 0x1F) << 6) | continuation(i++, end));
      } else if (b >= 0xE0 && b <= 0xEF) {
        int c = ((b & 0x0F) << 12) | (continuation(i++, end) << 6) | continuation(i++, end);
        if (c < 0x800) {
          throw corrupt("overlong UTF-8");
        }
        out[chars++] = (char) c;
      } else if (b >= 0xF0 && b <= 0xF4) {
        int c =
            ((b & 0x07) << 18)
                | (continuation(i++, end) << 12)
                | (continuation(i++, end) << 6)
                | continuation(i++, end);
        if (c < 0x10000 || c > Character.MAX_CODE_POINT) {
          throw corrupt("UTF-8 code point out of range");
        }
        out[chars++] = Character.highSurrogate(c);
        out[chars++] = Character.lowSurrogate(c);
      } else {
        throw corrupt("invalid UTF-8 lead byte");
      }
    }
    position = end;
    return new String(out, 0, chars);
  }

  private int continuation(int index, int end) {
    if (index >= end) {
      throw corrupt("UTF-8 sequence cut short");
    }
    int b = bytes[index] & 0xFF;
    if ((b & 0xC0) != 0x80) {
      throw corrupt("invalid UTF-8 continuation byte");
    }
    return b & 0x3F;
  }
}
