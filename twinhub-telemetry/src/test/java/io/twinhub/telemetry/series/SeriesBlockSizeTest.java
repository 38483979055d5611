package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Size properties of the encoding (bytes, not time). */
class SeriesBlockSizeTest {
  private static final int DAY_AT_ONE_HERTZ = 86_400;
  private static final long MIDNIGHT = 1_764_720_000_000L; // 2025-12-03T00:00:00Z

  /**
   * A day of a sensor sampled every second that reports to a quarter degree and changes by one
   * step now and then: the shape of most device telemetry (temperature, humidity, levels).
   */
  @Test
  void slowlyVaryingOneHertzDayTakesWellUnderTwoBytesPerPoint() {
    Random random = new Random(20_251_203);
    long[] t = new long[DAY_AT_ONE_HERTZ];
    double[] v = new double[DAY_AT_ONE_HERTZ];
    double temperature = 21.0;
    for (int i = 0; i < DAY_AT_ONE_HERTZ; i++) {
      if (random.nextInt(10) == 0) {
        temperature += random.nextBoolean() ? 0.25 : -0.25;
      }
      t[i] = MIDNIGHT + 1_000L * i;
      v[i] = temperature;
    }
    byte[] block = Points.of(t, v).assertRoundTrip();
    double perPoint = (double) block.length / DAY_AT_ONE_HERTZ;
    System.out.printf(
        "1 Hz day, quarter-degree steps: %d bytes, %.3f bytes/point%n", block.length, perPoint);
    assertThat(perPoint).isLessThan(1.0);
  }

  /**
   * As above but reported in decimal tenths (0.1 has no exact binary form, so each change touches
   * most of the mantissa): the common case of a device that rounds for display.
   */
  @Test
  void decimalTenthsOneHertzDayStaysUnderTwoBytesPerPoint() {
    Random random = new Random(20_251_204);
    long[] t = new long[DAY_AT_ONE_HERTZ];
    double[] v = new double[DAY_AT_ONE_HERTZ];
    long tenths = 210;
    for (int i = 0; i < DAY_AT_ONE_HERTZ; i++) {
      if (random.nextInt(10) == 0) {
        tenths += random.nextBoolean() ? 1 : -1;
      }
      t[i] = MIDNIGHT + 1_000L * i;
      v[i] = tenths / 10.0;
    }
    byte[] block = Points.of(t, v).assertRoundTrip();
    double perPoint = (double) block.length / DAY_AT_ONE_HERTZ;
    System.out.printf(
        "1 Hz day, decimal-tenth steps: %d bytes, %.3f bytes/point%n", block.length, perPoint);
    assertThat(perPoint).isLessThan(2.0);
  }

  /** The same day with up to ±25 ms of clock jitter per sample and full-precision noise. */
  @Test
  void jitteryNoisyDayStaysFarBelowRawSize() {
    Random random = new Random(42);
    long[] t = new long[DAY_AT_ONE_HERTZ];
    double[] v = new double[DAY_AT_ONE_HERTZ];
    for (int i = 0; i < DAY_AT_ONE_HERTZ; i++) {
      t[i] = MIDNIGHT + 1_000L * i + random.nextInt(-25, 26);
      v[i] = 21 + 3 * Math.sin(i * 2 * Math.PI / DAY_AT_ONE_HERTZ) + random.nextGaussian() * 0.05;
    }
    byte[] block = Points.of(t, v).assertRoundTrip();
    double perPoint = (double) block.length / DAY_AT_ONE_HERTZ;
    System.out.printf(
        "1 Hz day, ±25 ms jitter, full-precision noise: %d bytes, %.3f bytes/point%n",
        block.length, perPoint);
    // Raw is 16 bytes a point; noisy mantissas cannot compress much, but times still must.
    assertThat(perPoint).isLessThan(10.0);
  }
}
