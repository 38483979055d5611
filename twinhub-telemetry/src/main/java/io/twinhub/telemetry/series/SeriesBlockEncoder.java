package io.twinhub.telemetry.series;

import static io.twinhub.telemetry.series.SeriesBlockFormat.DOD_FIELD_BITS;
import static io.twinhub.telemetry.series.SeriesBlockFormat.LEADING_BITS;
import static io.twinhub.telemetry.series.SeriesBlockFormat.LENGTH_BITS;
import static io.twinhub.telemetry.series.SeriesBlockFormat.MAX_LEADING;

/**
 * Builds one compact block of (timestamp in milliseconds, double) points of one series, in
 * non-decreasing time order. Not thread-safe: one writer owns an encoder.
 *
 * <p>{@link #finish()} returns an immutable snapshot and leaves the encoder usable, so a store can
 * keep the open time bucket's encoder in memory, append as points arrive and persist a snapshot
 * whenever it likes; {@link #resume(byte[])} reopens a persisted block for appending without
 * re-encoding it.
 */
public final class SeriesBlockEncoder {
  private final BitWriter bits;
  private int count;
  private long previousTimestamp;
  private long previousDelta;
  private long previousValueBits;
  /** The XOR window of the last value written with an explicit window; -1 before there is one. */
  private int windowLeading = -1;
  private int windowTrailing;

  public SeriesBlockEncoder() {
    this.bits = new BitWriter(16);
  }

  private SeriesBlockEncoder(BitWriter bits) {
    this.bits = bits;
  }

  /**
   * Reopens a finished block so that more points can be appended. Costs one decoding pass over
   * the block; the existing bits are copied, not re-encoded.
   *
   * @throws IllegalArgumentException if the block is malformed
   */
  public static SeriesBlockEncoder resume(byte[] block) {
    SeriesBlockDecoder decoder = new SeriesBlockDecoder(block);
    while (decoder.next()) {
      // walk to the end to recover the encoder state
    }
    SeriesBlockEncoder encoder =
        new SeriesBlockEncoder(
            BitWriter.continuing(block, SeriesBlockFormat.HEADER_BYTES, decoder.bitPosition()));
    encoder.count = decoder.pointCount();
    encoder.previousTimestamp = decoder.timestamp();
    encoder.previousDelta = decoder.previousDelta();
    encoder.previousValueBits = Double.doubleToRawLongBits(decoder.value());
    encoder.windowLeading = decoder.windowLeading();
    encoder.windowTrailing = decoder.windowTrailing();
    return encoder;
  }

  /**
   * Appends a point. The value is stored bit for bit (NaN payloads, infinities and -0.0 come back
   * unchanged).
   *
   * @throws IllegalArgumentException if {@code timestampMillis} is earlier than the last point's
   *     (callers sort first) or the block is full
   */
  public void append(long timestampMillis, double value) {
    long valueBits = Double.doubleToRawLongBits(value);
    if (count == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("series block is full");
    }
    if (count == 0) {
      bits.writeBits(timestampMillis, 64);
      bits.writeBits(valueBits, 64);
    } else {
      writeTimestamp(timestampMillis);
      writeValue(valueBits);
    }
    previousTimestamp = timestampMillis;
    previousValueBits = valueBits;
    count++;
  }

  public int pointCount() {
    return count;
  }

  /** The block so far: header and bit stream padded to a whole byte. */
  public byte[] finish() {
    return bits.toByteArray(SeriesBlockFormat.header(count));
  }

  private void writeTimestamp(long timestamp) {
    if (timestamp < previousTimestamp) {
      throw new IllegalArgumentException(
          "timestamp " + timestamp + " is before the previous point " + previousTimestamp);
    }
    long delta = timestamp - previousTimestamp;
    if (delta < 0) {
      throw new IllegalArgumentException("gap between points does not fit 63 bits");
    }
    // Both deltas are non-negative, so their difference cannot overflow.
    long deltaOfDelta = delta - previousDelta;
    previousDelta = delta;
    if (deltaOfDelta == 0) {
      bits.writeBit(false);
      return;
    }
    for (int bucket = 0; bucket < DOD_FIELD_BITS.length; bucket++) {
      int width = DOD_FIELD_BITS[bucket];
      if (SeriesBlockFormat.fitsSigned(deltaOfDelta, width)) {
        writePrefix(bucket);
        bits.writeBits(deltaOfDelta, width);
        return;
      }
    }
    throw new AssertionError("the last bucket holds any long");
  }

  /** Bucket i is i+1 one-bits then a zero, except the last, which needs no terminating zero. */
  private void writePrefix(int bucket) {
    int ones = bucket + 1;
    if (bucket == DOD_FIELD_BITS.length - 1) {
      bits.writeBits(-1L, ones);
    } else {
      bits.writeBits(((1L << ones) - 1) << 1, ones + 1);
    }
  }

  private void writeValue(long valueBits) {
    long xor = valueBits ^ previousValueBits;
    if (xor == 0) {
      bits.writeBit(false);
      return;
    }
    bits.writeBit(true);
    int leading = Math.min(Long.numberOfLeadingZeros(xor), MAX_LEADING);
    int trailing = Long.numberOfTrailingZeros(xor);
    if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
      bits.writeBit(false);
      bits.writeBits(xor >>> windowTrailing, 64 - windowLeading - windowTrailing);
      return;
    }
    int length = 64 - leading - trailing;
    bits.writeBit(true);
    bits.writeBits(leading, LEADING_BITS);
    bits.writeBits(length - 1, LENGTH_BITS);
    bits.writeBits(xor >>> trailing, length);
    windowLeading = leading;
    windowTrailing = trailing;
  }
}
