package io.twinhub.telemetry.series;

/**
 * Constants of the block format shared by the encoder and decoder (described for readers in
 * docs/TELEMETRY-STORAGE.md).
 *
 * <p>Timestamps are stored as delta-of-delta in variable-length buckets and values as the XOR
 * with the previous value inside a leading/trailing-zero window, after Pelkonen et al., "Gorilla:
 * A Fast, Scalable, In-Memory Time Series Database", VLDB 2015, §4.1. Two changes from the
 * paper: times are milliseconds, not seconds, so the widest bucket is a full 64-bit field (any gap
 * fits), and bucket fields are plain two's complement.
 */
final class SeriesBlockFormat {
  static final byte VERSION = 1;
  /** Version byte, then the point count as a big-endian 32-bit integer. */
  static final int HEADER_BYTES = 5;

  /**
   * Widths of the delta-of-delta fields after the prefixes 10, 110, 1110, 11110, 11111; a zero
   * delta-of-delta is the single bit 0.
   */
  static final int[] DOD_FIELD_BITS = {7, 9, 12, 32, 64};

  /** The paper caps the stored leading-zero count at 31 so it fits 5 bits. */
  static final int LEADING_BITS = 5;
  static final int MAX_LEADING = (1 << LEADING_BITS) - 1;
  /** Meaningful length 1..64 stored minus one in 6 bits. */
  static final int LENGTH_BITS = 6;

  private SeriesBlockFormat() {}

  static boolean fitsSigned(long value, int bits) {
    long half = 1L << (bits - 1);
    return bits == 64 || (value >= -half && value < half);
  }

  static byte[] header(int pointCount) {
    return new byte[] {
      VERSION,
      (byte) (pointCount >>> 24),
      (byte) (pointCount >>> 16),
      (byte) (pointCount >>> 8),
      (byte) pointCount
    };
  }
}
