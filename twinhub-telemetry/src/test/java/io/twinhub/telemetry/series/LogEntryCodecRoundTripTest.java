package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntryCodecRoundTripTest {
  private static final long START = 1_764_788_400_000L; // 2025-12-03T19:00:00Z

  private static TelemetryPoint p(long ts, String key, TelemetryValue value) {
    return new TelemetryPoint(ts, key, value);
  }

  @Test
  void batchComesBackInOrderWithExactValues() {
    List<DevicePoints> batch =
        List.of(
            new DevicePoints(
                "pump-1",
                List.of(
                    p(START, "temp", TelemetryValue.of(21, true)),
                    p(START, "rpm", TelemetryValue.of(1450.5, false)))),
            new DevicePoints("pump-2", List.of(p(START - 5, "state", TelemetryValue.of("")))),
            new DevicePoints("pump-1", List.of(p(START + 1, "temp", TelemetryValue.of(true)))));
    LogEntries.assertRoundTrip(batch);
  }

  @Test
  void numbersComeBackBitForBitWithTheirIntegralFlag() {
    double[] values = {
      0, -0.0, 1, -1, 127, 128, -129, 1L << 53, (1L << 53) + 2, 0x1p63, -0x1p63, 1e300, -1e300,
      0.1, -2.5, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextUp(1.0)
    };
    List<TelemetryPoint> points = new ArrayList<>();
    for (double v : values) {
      if (v == Math.rint(v)) {
        points.add(p(START, "n" + points.size(), TelemetryValue.of(v, true)));
      }
      points.add(p(START, "n" + points.size(), TelemetryValue.of(v, false)));
    }
    LogEntries.assertRoundTrip(List.of(new DevicePoints("meter", points)));
  }

  @Test
  void stringsAndKeysComeBackExactly() {
    List<TelemetryPoint> points =
        List.of(
            p(START, "温度", TelemetryValue.of("Grüße")),
            p(START, "🌡️", TelemetryValue.of("")),
            p(START, "k", TelemetryValue.of("lone \uD800 and \uDC00, pair \uD83D\uDE00")),
            p(START, "long", TelemetryValue.of("é".repeat(1_000))),
            p(START, "\u0000", TelemetryValue.of(false)));
    LogEntries.assertRoundTrip(List.of(new DevicePoints("gerät-ü", points)));
  }

  @Test
  void extremeAndNegativeTimestamps() {
    List<TelemetryPoint> points =
        List.of(
            p(Long.MAX_VALUE, "a", TelemetryValue.of(1, true)),
            p(Long.MIN_VALUE, "a", TelemetryValue.of(2, true)),
            p(-1, "a", TelemetryValue.of(3, true)),
            p(Long.MAX_VALUE, "a", TelemetryValue.of(4, true)),
            p(0, "a", TelemetryValue.of(5, true)));
    LogEntries.assertRoundTrip(List.of(new DevicePoints("d", points)));
  }

  @Test
  void emptyBatchAndEmptyPayloads() {
    LogEntries.assertRoundTrip(List.of());
    LogEntries.assertRoundTrip(
        List.of(new DevicePoints("a", List.of()), new DevicePoints("", List.of())));
  }

  @Test
  void manyDistinctNamesAndRepeatsShareOneString() {
    List<DevicePoints> batch = new ArrayList<>();
    for (int d = 0; d < 300; d++) {
      List<TelemetryPoint> points = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        points.add(p(START + d, "key-" + k + "-" + (d % 50), TelemetryValue.of(d * k, true)));
      }
      batch.add(new DevicePoints("device-" + (d % 200), points));
    }
    List<DevicePoints> decoded = LogEntries.assertRoundTrip(batch);
    assertThat(decoded.get(0).device()).isSameAs(decoded.get(200).device());
    assertThat(decoded.get(0).points().get(0).key())
        .isSameAs(decoded.get(50).points().get(0).key());
  }
}
