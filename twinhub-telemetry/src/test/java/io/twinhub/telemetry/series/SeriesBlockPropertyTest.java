package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(x)) == x bit for bit, over random series drawn from fixed seeds. */
class SeriesBlockPropertyTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomSeriesRoundTripExactly(long seed) {
    Points points = randomSeries(new Random(seed));
    Points decoded = Points.decode(points.encode());
    assertThat(decoded.timestamps())
        .as("timestamps, seed %d", seed)
        .containsExactly(points.timestamps());
    assertThat(decoded.valueBits())
        .as("value bits, seed %d", seed)
        .containsExactly(points.valueBits());
  }

  /** Mixes the shapes that stress different buckets and windows within one series. */
  private static Points randomSeries(Random random) {
    int n = random.nextInt(0, 2_000);
    long[] t = new long[n];
    double[] v = new double[n];
    long now = random.nextBoolean() ? random.nextLong() >> random.nextInt(64) : 1_700_000_000_000L;
    double value = random.nextGaussian();
    for (int i = 0; i < n; i++) {
      now = advance(random, now);
      value = nextValue(random, value);
      t[i] = now;
      v[i] = value;
    }
    return Points.of(t, v);
  }

  private static long advance(Random random, long now) {
    long step =
        switch (random.nextInt(6)) {
          case 0 -> 0;
          case 1 -> 1_000;
          case 2 -> 1_000 + random.nextInt(-300, 300);
          case 3 -> random.nextInt(0, 100_000);
          case 4 -> random.nextLong(0, 1L << 40);
          default -> random.nextLong(0, Long.MAX_VALUE);
        };
    return Long.MAX_VALUE - now < step ? now : now + step;
  }

  private static double nextValue(Random random, double value) {
    return switch (random.nextInt(8)) {
      case 0 -> value;
      case 1 -> value + random.nextGaussian() * 0.01;
      case 2 -> Math.rint(value + random.nextInt(-3, 4));
      case 3 -> Double.longBitsToDouble(random.nextLong());
      case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(-300, 300));
      case 5 -> -value;
      case 6 ->
          Double.longBitsToDouble(Double.doubleToRawLongBits(value) ^ (1L << random.nextInt(64)));
      default -> random.nextInt(1_000);
    };
  }
}
