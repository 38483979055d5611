package io.twinhub.telemetry.series;

/** Reads bit fields, most significant bit first, from {@code bytes[offset..]}. */
final class BitReader {
  private final byte[] bytes;
  private final int offset;
  private final long limitBits;
  private long position;

  BitReader(byte[] bytes, int offset) {
    this.bytes = bytes;
    this.offset = offset;
    this.limitBits = 8L * (bytes.length - offset);
  }

  long position() {
    return position;
  }

  boolean readBit() {
    return readBits(1) != 0;
  }

  /** Reads {@code count} (1..64) bits as an unsigned value. */
  long readBits(int count) {
    if (position + count > limitBits) {
      throw new IllegalArgumentException("series block is truncated");
    }
    long result = 0;
    int remaining = count;
    while (remaining > 0) {
      int current = bytes[offset + (int) (position >>> 3)] & 0xFF;
      int available = 8 - (int) (position & 7);
      int take = Math.min(available, remaining);
      int field = (current >>> (available - take)) & ((1 << take) - 1);
      result = (result << take) | field;
      remaining -= take;
      position += take;
    }
    return result;
  }

  /** Reads a {@code count}-bit two's-complement field. */
  long readSigned(int count) {
    long raw = readBits(count);
    return count == 64 ? raw : (raw << (64 - count)) >> (64 - count);
  }
}
