package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesBlockRoundTripTest {
  private static final long START = 1_764_788_400_000L; // 2025-12-03T19:00:00Z

  @Test
  void regularOneHertzSeries() {
    int n = 3_600;
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = START + 1_000L * i;
      v[i] = 20 + Math.sin(i / 300.0);
    }
    Points.of(t, v).assertRoundTrip();
  }

  @Test
  void jitteryTimestamps() {
    Random random = new Random(7);
    int n = 2_000;
    long[] t = new long[n];
    double[] v = new double[n];
    long now = START;
    for (int i = 0; i < n; i++) {
      now += 1_000 + random.nextInt(-40, 41);
      t[i] = now;
      v[i] = Math.round(random.nextGaussian() * 100) / 10.0;
    }
    Points.of(t, v).assertRoundTrip();
  }

  @Test
  void gapsOfEverySizeIncludingTheWidestBucket() {
    long[] t = {
      0, 1, 2, 70, 400, 3_000, 3_001, 100_000_000, 100_000_001, 9_000_000_000_000L,
      9_000_000_000_001L, Long.MAX_VALUE - 1, Long.MAX_VALUE
    };
    double[] v = new double[t.length];
    Points.of(t, v).assertRoundTrip();
  }

  @Test
  void extremeTimestamps() {
    Points.of(new long[] {Long.MIN_VALUE, -1, 0}, new double[] {1, 2, 3}).assertRoundTrip();
    Points.of(new long[] {Long.MIN_VALUE, Long.MIN_VALUE}, new double[] {1, 2}).assertRoundTrip();
  }

  @Test
  void equalTimestampsAreKept() {
    long[] t = {START, START, START, START + 5, START + 5};
    Points.of(t, new double[] {1, 2, 3, 4, 5}).assertRoundTrip();
  }

  @Test
  void constantValues() {
    int n = 1_000;
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = START + 10_000L * i;
      v[i] = 42.5;
    }
    byte[] block = Points.of(t, v).assertRoundTrip();
    // header, raw first point, then the first 10 s delta (5-bit prefix + 32-bit field) and a
    // zero bit for its value, then one bit for time and one for value per point
    int bits = 5 + 32 + 1 + 2 * (n - 2);
    assertThat(block).hasSize(5 + 16 + (bits + 7) / 8);
  }

  @Test
  void monotonicCounterStoredAsDoubles() {
    Random random = new Random(11);
    int n = 5_000;
    long[] t = new long[n];
    double[] v = new double[n];
    long count = 9_007_199_254_740_000L; // close to 2^53, still exact in a double
    for (int i = 0; i < n; i++) {
      t[i] = START + 60_000L * i;
      count += random.nextInt(0, 50);
      v[i] = count;
    }
    Points decoded = Points.decode(Points.of(t, v).assertRoundTrip());
    for (int i = 0; i < n; i++) {
      assertThat((long) decoded.values()[i]).isEqualTo((long) v[i]);
    }
  }

  @Test
  void specialDoublesAreBitExact() {
    double quietNaNWithPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
    double signallingNaN = Double.longBitsToDouble(0x7ff0_0000_0000_0001L);
    double negativeNaN = Double.longBitsToDouble(0xfff8_0000_0000_0000L);
    double[] v = {
      0.0, -0.0, Double.NaN, quietNaNWithPayload, signallingNaN, negativeNaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1.0, -0.0, 0.0
    };
    long[] t = new long[v.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = START + i;
    }
    Points.of(t, v).assertRoundTrip();
  }

  @Test
  void onePoint() {
    byte[] block = Points.of(new long[] {START}, new double[] {-0.0}).assertRoundTrip();
    assertThat(block).hasSize(5 + 16);
  }

  @Test
  void noPoints() {
    byte[] block = new SeriesBlockEncoder().finish();
    assertThat(block).containsExactly(1, 0, 0, 0, 0);
    SeriesBlockDecoder decoder = new SeriesBlockDecoder(block);
    assertThat(decoder.pointCount()).isZero();
    assertThat(decoder.next()).isFalse();
  }

  @Test
  void timeGoingBackwardsIsRejectedAndTheBlockStaysValid() {
    SeriesBlockEncoder encoder = new SeriesBlockEncoder();
    encoder.append(START, 1);
    encoder.append(START + 1_000, 2);
    assertThatThrownBy(() -> encoder.append(START + 999, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before the previous point");
    encoder.append(START + 2_000, 4);
    Points.decode(encoder.finish())
        .assertSameAs(
            Points.of(new long[] {START, START + 1_000, START + 2_000}, new double[] {1, 2, 4}));
  }

  @Test
  void gapWiderThanALongIsRejected() {
    SeriesBlockEncoder encoder = new SeriesBlockEncoder();
    encoder.append(Long.MIN_VALUE, 1);
    assertThatThrownBy(() -> encoder.append(Long.MAX_VALUE, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(encoder.pointCount()).isEqualTo(1);
  }

  @Test
  void finishIsASnapshotAndAppendingContinues() {
    SeriesBlockEncoder encoder = new SeriesBlockEncoder();
    encoder.append(START, 1.5);
    encoder.append(START + 1_000, 2.5);
    byte[] first = encoder.finish();
    encoder.append(START + 2_000, 3.5);
    Points.decode(first)
        .assertSameAs(Points.of(new long[] {START, START + 1_000}, new double[] {1.5, 2.5}));
    assertThat(new SeriesBlockDecoder(encoder.finish()).pointCount()).isEqualTo(3);
  }

  @Test
  void resumedBlockEqualsTheBlockWrittenInOneGo() {
    Random random = new Random(3);
    int n = 500;
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = START + 1_000L * i + random.nextInt(0, 3);
      v[i] = random.nextInt(5) == 0 ? random.nextDouble() : Math.floor(i / 7.0);
    }
    byte[] whole = Points.of(t, v).encode();
    for (int cut : new int[] {1, 2, 3, 137, n - 1}) {
      SeriesBlockEncoder first = new SeriesBlockEncoder();
      for (int i = 0; i < cut; i++) {
        first.append(t[i], v[i]);
      }
      SeriesBlockEncoder resumed = SeriesBlockEncoder.resume(first.finish());
      for (int i = cut; i < n; i++) {
        resumed.append(t[i], v[i]);
      }
      assertThat(resumed.finish()).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void resumingAnEmptyBlock() {
    SeriesBlockEncoder resumed = SeriesBlockEncoder.resume(new SeriesBlockEncoder().finish());
    resumed.append(START, 1);
    resumed.append(START + 1, 2);
    Points.decode(resumed.finish())
        .assertSameAs(Points.of(new long[] {START, START + 1}, new double[] {1, 2}));
  }

  @Test
  void malformedBlocksAreRejected() {
    assertThatThrownBy(() -> new SeriesBlockDecoder(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SeriesBlockDecoder(new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    byte[] block = Points.of(new long[] {1, 2, 3}, new double[] {1, 2, 3}).encode();
    byte[] truncated = java.util.Arrays.copyOf(block, 5 + 10);
    SeriesBlockDecoder decoder = new SeriesBlockDecoder(truncated);
    assertThatThrownBy(decoder::next)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
