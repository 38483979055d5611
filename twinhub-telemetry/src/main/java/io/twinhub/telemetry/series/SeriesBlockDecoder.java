package io.twinhub.telemetry.series;

import static io.twinhub.telemetry.series.SeriesBlockFormat.DOD_FIELD_BITS;
import static io.twinhub.telemetry.series.SeriesBlockFormat.LEADING_BITS;
import static io.twinhub.telemetry.series.SeriesBlockFormat.LENGTH_BITS;

/**
 * Walks the points of a block written by {@link SeriesBlockEncoder}, without boxing:
 *
 * <pre>{@code
 * var points = new SeriesBlockDecoder(block);
 * while (points.next()) {
 *   use(points.timestamp(), points.value());
 * }
 * }</pre>
 *
 * Not thread-safe; decoders are cheap, make one per reader. The block array is read, never kept
 * beyond the decoder's life or changed.
 */
public final class SeriesBlockDecoder {
  private final BitReader bits;
  private final int count;
  private int read;
  private long timestamp;
  private long delta;
  private long valueBits;
  private int windowLeading = -1;
  private int windowTrailing;

  /** @throws IllegalArgumentException if the header is missing or of an unknown version */
  public SeriesBlockDecoder(byte[] block) {
    if (block.length < SeriesBlockFormat.HEADER_BYTES) {
      throw new IllegalArgumentException("series block is shorter than its header");
    }
    if (block[0] != SeriesBlockFormat.VERSION) {
      throw new IllegalArgumentException("unknown series block version " + block[0]);
    }
    count =
        ((block[1] & 0xFF) << 24)
            | ((block[2] & 0xFF) << 16)
            | ((block[3] & 0xFF) << 8)
            | (block[4] & 0xFF);
    if (count < 0) {
      throw new IllegalArgumentException("negative point count in series block");
    }
    bits = new BitReader(block, SeriesBlockFormat.HEADER_BYTES);
  }

  public int pointCount() {
    return count;
  }

  /**
   * Moves to the next point.
   *
   * @return false when all points have been read
   * @throws IllegalArgumentException if the block is truncated or malformed
   */
  public boolean next() {
    if (read == count) {
      return false;
    }
    if (read == 0) {
      timestamp = bits.readBits(64);
      valueBits = bits.readBits(64);
    } else {
      readTimestamp();
      readValue();
    }
    read++;
    return true;
  }

  /** The current point's time in milliseconds; valid after {@link #next()} returned true. */
  public long timestamp() {
    return timestamp;
  }

  /** The current point's value, bit for bit as appended. */
  public double value() {
    return Double.longBitsToDouble(valueBits);
  }

  long bitPosition() {
    return bits.position();
  }

  long previousDelta() {
    return delta;
  }

  int windowLeading() {
    return windowLeading;
  }

  int windowTrailing() {
    return windowTrailing;
  }

  private void readTimestamp() {
    // Prefix: 0, or 1 to 5 one-bits (ended by a zero unless there are five) naming the bucket.
    int ones = 0;
    while (ones < DOD_FIELD_BITS.length && bits.readBit()) {
      ones++;
    }
    long deltaOfDelta = ones == 0 ? 0 : bits.readSigned(DOD_FIELD_BITS[ones - 1]);
    delta += deltaOfDelta;
    if (delta < 0) {
      throw new IllegalArgumentException("series block holds a negative time delta");
    }
    timestamp += delta;
  }

  private void readValue() {
    if (!bits.readBit()) {
      return;
    }
    long xor;
    if (!bits.readBit()) {
      if (windowLeading < 0) {
        throw new IllegalArgumentException("series block reuses a window it never set");
      }
      xor = bits.readBits(64 - windowLeading - windowTrailing) << windowTrailing;
    } else {
      int leading = (int) bits.readBits(LEADING_BITS);
      int length = (int) bits.readBits(LENGTH_BITS) + 1;
      int trailing = 64 - leading - length;
      if (trailing < 0) {
        throw new IllegalArgumentException("series block has an XOR window wider than 64 bits");
      }
      xor = bits.readBits(length) << trailing;
      windowLeading = leading;
      windowTrailing = trailing;
    }
    valueBits ^= xor;
  }
}
