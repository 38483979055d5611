package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Size of a chunk against the bare series block it wraps (bytes, not time). */
class ChunkSizeTest {
  private static final int DAY_AT_ONE_HERTZ = 86_400;
  private static final long MIDNIGHT = 1_764_720_000_000L; // 2025-12-03T00:00:00Z

  /** A day of whole-number readings at 1 Hz (a counter or a sensor reporting integers). */
  @Test
  void oneHertzDayOfIntegralReadingsCostsWhatItsSeriesBlockCosts() {
    Random random = new Random(20_251_203);
    long[] ts = new long[DAY_AT_ONE_HERTZ];
    TelemetryValue[] values = new TelemetryValue[DAY_AT_ONE_HERTZ];
    SeriesBlockEncoder block = new SeriesBlockEncoder();
    long reading = 400;
    for (int i = 0; i < DAY_AT_ONE_HERTZ; i++) {
      if (random.nextInt(10) == 0) {
        reading += random.nextInt(-2, 3);
      }
      ts[i] = MIDNIGHT + 1_000L * i;
      values[i] = TelemetryValue.of(reading, true);
      block.append(ts[i], reading);
    }
    byte[] chunk = Chunks.assertRoundTrip(ts, values);
    byte[] bare = block.finish();
    System.out.printf(
        "1 Hz day of integers: chunk %d bytes (%.3f bytes/point), series block %d bytes%n",
        chunk.length, (double) chunk.length / DAY_AT_ONE_HERTZ, bare.length);
    // Version, count, section tag and length, one integral run: a few bytes of framing.
    assertThat(chunk.length - bare.length).isLessThanOrEqualTo(16);
  }
}
