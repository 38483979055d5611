package io.twinhub.telemetry.series;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array with the primitives of the chunk and log-entry formats: unsigned LEB128
 * varints, zigzag varints, big-endian longs and length-prefixed UTF-8. Writes go straight into
 * the array (no stream objects), which grows by doubling.
 */
final class ByteWriter {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private int size;

  ByteWriter(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  void writeBytes(byte[] source) {
    ensure(source.length);
    System.arraycopy(source, 0, bytes, size, source.length);
    size += source.length;
  }

  /** Unsigned LEB128: 7 bits a byte, low bits first; 1 byte below 128, at most 10. */
  void writeVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  /** Zigzag maps small magnitudes of either sign to small varints (0, -1, 1, -2 → 0, 1, 2, 3). */
  void writeZigzag(long value) {
    writeVarint((value << 1) ^ (value >> 63));
  }

  void writeLong(long value) {
    ensure(8);
    LONG_BE.set(bytes, size, value);
    size += 8;
  }

  /**
   * The UTF-8 byte length as a varint, then the bytes. A surrogate pair becomes one 4-byte
   * sequence; a lone surrogate (a Java string may hold one, JSON escapes can produce one) is
   * written as its own 3-byte sequence rather than replaced, so every string comes back exactly.
   */
  void writeString(String value) {
    int chars = value.length();
    int length = utf8Length(value);
    writeVarint(length);
    ensure(length);
    byte[] out = bytes;
    int at = size;
    if (length == chars) {
      for (int i = 0; i < chars; i++) {
        out[at++] = (byte) value.charAt(i);
      }
      size = at;
      return;
    }
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >>> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (isPairAt(value, i)) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        out[at++] = (byte) (0xF0 | (codePoint >>> 18));
        out[at++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        out[at++] = (byte) (0xE0 | (c >>> 12));
        out[at++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    size = at;
  }

  static int utf8Length(String value) {
    int chars = value.length();
    int length = chars;
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          length += 1;
        } else if (isPairAt(value, i)) {
          length += 2; // 4 bytes for 2 chars
          i++;
        } else {
          length += 2;
        }
      }
    }
    return length;
  }

  private static boolean isPairAt(String value, int i) {
    return Character.isHighSurrogate(value.charAt(i))
        && i + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(i + 1));
  }

  private void ensure(int more) {
    if (bytes.length - size < more) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("encoded form would exceed 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
