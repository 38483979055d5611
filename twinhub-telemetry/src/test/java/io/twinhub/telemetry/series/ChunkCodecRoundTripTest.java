package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryValue;
import org.junit.jupiter.api.Test;

class ChunkCodecRoundTripTest {
  private static final long START = 1_764_788_400_000L; // 2025-12-03T19:00:00Z

  @Test
  void mixedKindsComeBackKindByKindInTimeOrder() {
    long[] ts = {START, START + 1_000, START + 2_000, START + 3_000, START + 4_000};
    TelemetryValue[] values = {
      TelemetryValue.of(21, true),
      TelemetryValue.of("on"),
      TelemetryValue.of(21.5, false),
      TelemetryValue.of(true),
      TelemetryValue.of(22, true)
    };
    byte[] chunk = ChunkCodec.encode(ts, values, 0, ts.length);
    assertThat(ChunkCodec.count(chunk)).isEqualTo(5);
    assertThat(Chunks.decode(chunk))
        .containsExactly(
            Chunks.point(START, TelemetryValue.of(21, true)),
            Chunks.point(START + 2_000, TelemetryValue.of(21.5, false)),
            Chunks.point(START + 4_000, TelemetryValue.of(22, true)),
            Chunks.point(START + 3_000, TelemetryValue.of(true)),
            Chunks.point(START + 1_000, TelemetryValue.of("on")));
  }
}
