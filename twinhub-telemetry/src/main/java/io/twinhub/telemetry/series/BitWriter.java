package io.twinhub.telemetry.series;

import java.util.Arrays;

/**
 * Appends bit fields, most significant bit first, to a growable {@code long[]}. Whole words are
 * filled with shifts, so writing a field costs a few instructions and never allocates except when
 * the array grows (doubling). Bits past {@link #bitLength()} are always zero, which is what makes a
 * finished block's padding well defined.
 */
final class BitWriter {
  private long[] words;
  private long bitLength;

  BitWriter(int initialWords) {
    words = new long[Math.max(2, initialWords)];
  }

  /** Continues a stream that already holds {@code bitLength} bits in {@code bytes[offset..]}. */
  static BitWriter continuing(byte[] bytes, int offset, long bitLength) {
    BitWriter writer = new BitWriter((int) (bitLength >>> 6) + 2);
    int fullBytes = (int) (bitLength >>> 3);
    for (int i = 0; i < fullBytes; i++) {
      writer.writeBits(bytes[offset + i] & 0xFF, 8);
    }
    int rest = (int) (bitLength & 7);
    if (rest > 0) {
      writer.writeBits((bytes[offset + fullBytes] & 0xFF) >>> (8 - rest), rest);
    }
    return writer;
  }

  long bitLength() {
    return bitLength;
  }

  void writeBit(boolean one) {
    writeBits(one ? 1 : 0, 1);
  }

  /** Writes the low {@code count} bits of {@code value}; {@code count} is 1..64. */
  void writeBits(long value, int count) {
    int index = (int) (bitLength >>> 6);
    if (index + 1 >= words.length) {
      words = Arrays.copyOf(words, words.length * 2);
    }
    long bits = count == 64 ? value : value & ((1L << count) - 1);
    int free = 64 - (int) (bitLength & 63);
    if (count <= free) {
      words[index] |= bits << (free - count);
    } else {
      int spill = count - free;
      words[index] |= bits >>> spill;
      words[index + 1] |= bits << (64 - spill);
    }
    bitLength += count;
  }

  /** The bits written so far, zero-padded to whole bytes, after {@code prefix}. */
  byte[] toByteArray(byte[] prefix) {
    int bodyBytes = (int) ((bitLength + 7) >>> 3);
    byte[] out = Arrays.copyOf(prefix, prefix.length + bodyBytes);
    for (int i = 0; i < bodyBytes; i++) {
      out[prefix.length + i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
    }
    return out;
  }
}
