package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random chunks and log entries from fixed seeds come back exactly. */
class CodecPropertyTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomChunkRoundTrips(long seed) {
    Random random = new Random(seed);
    int n = random.nextInt(0, 1_500);
    long[] ts = new long[n];
    TelemetryValue[] values = new TelemetryValue[n];
    long now = random.nextBoolean() ? 1_764_788_400_000L : random.nextLong(-1L << 62, 1L << 62);
    for (int i = 0; i < n; i++) {
      now += switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> 1_000;
        case 2 -> random.nextInt(0, 5_000);
        default -> random.nextLong(0, 1L << 40);
      };
      ts[i] = now;
      values[i] = randomValue(random);
    }
    int from = n == 0 ? 0 : random.nextInt(0, n);
    int to = from == n ? n : random.nextInt(from, n + 1);
    byte[] chunk = ChunkCodec.encode(ts, values, from, to);
    assertThat(ChunkCodec.count(chunk)).as("count, seed %d", seed).isEqualTo(to - from);
    assertThat(Chunks.decode(chunk))
        .as("points, seed %d", seed)
        .isEqualTo(
            Chunks.expected(
                Arrays.copyOfRange(ts, from, to), Arrays.copyOfRange(values, from, to)));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomLogEntryRoundTrips(long seed) {
    Random random = new Random(seed);
    List<DevicePoints> batch = new ArrayList<>();
    for (int p = random.nextInt(0, 60); p > 0; p--) {
      List<TelemetryPoint> points = new ArrayList<>();
      long ts = random.nextBoolean() ? 1_764_788_400_000L : random.nextLong();
      for (int i = random.nextInt(0, 40); i > 0; i--) {
        String key = random.nextInt(4) == 0 ? randomString(random, 1) : "k" + random.nextInt(8);
        points.add(new TelemetryPoint(ts, key, randomValue(random)));
        if (random.nextInt(5) == 0) {
          ts = random.nextLong();
        }
      }
      String device = random.nextInt(5) == 0 ? randomString(random, 0) : "dev-" + random.nextInt(9);
      batch.add(new DevicePoints(device, points));
    }
    LogEntries.assertRoundTrip(batch);
  }

  private static TelemetryValue randomValue(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> TelemetryValue.of(random.nextInt(-1_000, 1_000), true);
      case 1 -> TelemetryValue.of((double) random.nextLong(), true);
      case 2 -> TelemetryValue.of(Math.round(random.nextGaussian() * 100) / 10.0, false);
      case 3 -> {
        double v = Double.longBitsToDouble(random.nextLong());
        yield TelemetryValue.of(Double.isFinite(v) ? v : -0.0, random.nextBoolean());
      }
      case 4 -> TelemetryValue.of(random.nextBoolean());
      default -> TelemetryValue.of(randomString(random, 0));
    };
  }

  /** Any UTF-16 code units, lone surrogates included, with ASCII most of the time. */
  private static String randomString(Random random, int minLength) {
    int length = random.nextInt(minLength, 20);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(
          switch (random.nextInt(4)) {
            case 0, 1 -> (char) random.nextInt(0x20, 0x7F);
            case 2 -> (char) random.nextInt(0x80, 0x800);
            default -> (char) random.nextInt(0x800, 0x10000);
          });
    }
    return text.toString();
  }
}
