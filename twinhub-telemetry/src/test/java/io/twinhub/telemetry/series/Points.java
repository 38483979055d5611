package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/** A series as two parallel arrays, with encode/decode helpers that compare values bit for bit. */
record Points(long[] timestamps, double[] values) {

  static Points of(long[] timestamps, double[] values) {
    return new Points(timestamps, values);
  }

  int size() {
    return timestamps.length;
  }

  byte[] encode() {
    SeriesBlockEncoder encoder = new SeriesBlockEncoder();
    for (int i = 0; i < size(); i++) {
      encoder.append(timestamps[i], values[i]);
    }
    return encoder.finish();
  }

  static Points decode(byte[] block) {
    SeriesBlockDecoder decoder = new SeriesBlockDecoder(block);
    long[] timestamps = new long[decoder.pointCount()];
    double[] values = new double[decoder.pointCount()];
    int i = 0;
    while (decoder.next()) {
      timestamps[i] = decoder.timestamp();
      values[i] = decoder.value();
      i++;
    }
    assertThat(i).as("points read").isEqualTo(timestamps.length);
    assertThat(decoder.next()).as("next() after the end").isFalse();
    return new Points(timestamps, values);
  }

  /** Raw bits, so NaN payloads and -0.0 are compared exactly. */
  long[] valueBits() {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  void assertSameAs(Points expected) {
    assertThat(timestamps).as("timestamps").containsExactly(expected.timestamps);
    assertThat(valueBits()).as("value bits").containsExactly(expected.valueBits());
  }

  /** Encodes, decodes and checks the result is identical; returns the block. */
  byte[] assertRoundTrip() {
    byte[] block = encode();
    decode(block).assertSameAs(this);
    return block;
  }
}
