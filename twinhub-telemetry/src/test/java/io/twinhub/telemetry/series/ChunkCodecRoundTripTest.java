package io.twinhub.telemetry.series;

import static io.twinhub.telemetry.series.Chunks.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            point(START, TelemetryValue.of(21, true)),
            point(START + 2_000, TelemetryValue.of(21.5, false)),
            point(START + 4_000, TelemetryValue.of(22, true)),
            point(START + 3_000, TelemetryValue.of(true)),
            point(START + 1_000, TelemetryValue.of("on")));
  }

  @Test
  void everyKindAlone() {
    Chunks.assertRoundTrip(
        new long[] {START, START + 1_000, START + 2_000},
        TelemetryValue.of(1, true),
        TelemetryValue.of(-7, true),
        TelemetryValue.of(1L << 53, true));
    Chunks.assertRoundTrip(
        new long[] {START, START + 1_000, START + 2_000},
        TelemetryValue.of(0.1, false),
        TelemetryValue.of(-0.0, false),
        TelemetryValue.of(Double.MAX_VALUE, false));
    Chunks.assertRoundTrip(
        new long[] {START, START + 1_000, START + 2_000, START + 3_000},
        TelemetryValue.of(true),
        TelemetryValue.of(true),
        TelemetryValue.of(false),
        TelemetryValue.of(true));
    Chunks.assertRoundTrip(
        new long[] {START, START + 1_000, START + 2_000},
        TelemetryValue.of("open"),
        TelemetryValue.of("closed"),
        TelemetryValue.of("x".repeat(300)));
  }

  @Test
  void integralAndFractionalNumbersStayInOrderWithTheirFlags() {
    // A device that prints 21.0 as 21 alternates between the two forms.
    Chunks.assertRoundTrip(
        new long[] {START, START + 1, START + 2, START + 2, START + 3, START + 4},
        TelemetryValue.of(21.5, false),
        TelemetryValue.of(21, true),
        TelemetryValue.of(21.0, false),
        TelemetryValue.of(21, true),
        TelemetryValue.of(21, true),
        TelemetryValue.of(20.5, false));
  }

  @Test
  void equalTimestampsKeepEveryPointInEncodedOrderWithinAKind() {
    Chunks.assertRoundTrip(
        new long[] {START, START, START, START, START, START},
        TelemetryValue.of("b"),
        TelemetryValue.of(2, true),
        TelemetryValue.of("a"),
        TelemetryValue.of(false),
        TelemetryValue.of(1, true),
        TelemetryValue.of(true));
  }

  @Test
  void extremeAndNegativeTimestamps() {
    long[] ts = {Long.MIN_VALUE, Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    Chunks.assertRoundTrip(
        ts,
        TelemetryValue.of("min"),
        TelemetryValue.of("min again"),
        TelemetryValue.of("before epoch"),
        TelemetryValue.of("epoch"),
        TelemetryValue.of("after"),
        TelemetryValue.of("max"));
    Chunks.assertRoundTrip(
        new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE},
        TelemetryValue.of(1, true),
        TelemetryValue.of(2.5, false),
        TelemetryValue.of(false),
        TelemetryValue.of(true));
  }

  @Test
  void numberGapBeyondSixtyThreeBitsIsRejected() {
    // The series block's limit; any one time bucket is far inside it.
    long[] ts = {Long.MIN_VALUE, Long.MAX_VALUE};
    TelemetryValue[] values = {TelemetryValue.of(1, true), TelemetryValue.of(2, true)};
    assertThatThrownBy(() -> ChunkCodec.encode(ts, values, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringsComeBackExactly() {
    Chunks.assertRoundTrip(
        new long[] {START, START + 1, START + 2, START + 3, START + 4, START + 5},
        TelemetryValue.of(""),
        TelemetryValue.of("Grüße, 温度"),
        TelemetryValue.of("🌡️ 21 °C"),
        TelemetryValue.of("lone \uD800 high, lone \uDC00 low, reversed \uDC00\uD800"),
        TelemetryValue.of("\u0000 nul and \u007F del"),
        TelemetryValue.of("\uFFFF and \uD83D\uDE00"));
  }

  @Test
  void subRangeOfTheArraysIsEncoded() {
    long[] ts = {START, START + 1, START + 2, START + 3};
    TelemetryValue[] values = {
      TelemetryValue.of("skipped"), TelemetryValue.of(1, true), TelemetryValue.of(true),
      TelemetryValue.of("also skipped")
    };
    byte[] chunk = ChunkCodec.encode(ts, values, 1, 3);
    assertThat(ChunkCodec.count(chunk)).isEqualTo(2);
    assertThat(Chunks.decode(chunk))
        .containsExactly(point(START + 1, values[1]), point(START + 2, values[2]));
  }

  @Test
  void emptyRangeIsAnEmptyChunk() {
    byte[] chunk = ChunkCodec.encode(new long[0], new TelemetryValue[0], 0, 0);
    assertThat(ChunkCodec.count(chunk)).isZero();
    assertThat(Chunks.decode(chunk)).isEmpty();
  }

  @Test
  void pointsOutOfOrderOrNullAreRejected() {
    TelemetryValue one = TelemetryValue.of(1, true);
    assertThatThrownBy(
            () -> ChunkCodec.encode(new long[] {2, 1}, new TelemetryValue[] {one, one}, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
    // Out of order across kinds too: the chunk's order is one order.
    assertThatThrownBy(
            () ->
                ChunkCodec.encode(
                    new long[] {2, 1},
                    new TelemetryValue[] {one, TelemetryValue.of("s")},
                    0,
                    2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ChunkCodec.encode(new long[] {1}, new TelemetryValue[] {null}, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
