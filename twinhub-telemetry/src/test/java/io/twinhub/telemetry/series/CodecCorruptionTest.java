package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged chunks and log entries are refused with IllegalArgumentException, nothing else. */
class CodecCorruptionTest {
  private static final long START = 1_764_788_400_000L;

  private static byte[] mixedChunk() {
    long[] ts = {START, START + 1_000, START + 2_000, START + 3_000, START + 4_000};
    TelemetryValue[] values = {
      TelemetryValue.of(21, true), TelemetryValue.of("on"), TelemetryValue.of(21.5, false),
      TelemetryValue.of(true), TelemetryValue.of("off")
    };
    return ChunkCodec.encode(ts, values, 0, ts.length);
  }

  private static byte[] entry() {
    return LogEntryCodec.encode(
        List.of(
            new DevicePoints(
                "pump-1",
                List.of(
                    new TelemetryPoint(START, "temp", TelemetryValue.of(21, true)),
                    new TelemetryPoint(START, "rpm", TelemetryValue.of(1450.5, false)),
                    new TelemetryPoint(START, "mode", TelemetryValue.of("eco")))),
            new DevicePoints(
                "pump-1",
                List.of(new TelemetryPoint(START + 1, "temp", TelemetryValue.of(true))))));
  }

  @Test
  void everyTruncatedChunkIsRejected() {
    byte[] chunk = mixedChunk();
    for (int length = 0; length < chunk.length; length++) {
      byte[] cut = Arrays.copyOf(chunk, length);
      assertThatThrownBy(() -> Chunks.decode(cut))
          .as("chunk cut to %d of %d bytes", length, chunk.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void chunkWithTrailingBytesIsRejected() {
    byte[] chunk = mixedChunk();
    for (int extra : new int[] {0, 1, 3, 0x7F}) {
      byte[] longer = Arrays.copyOf(chunk, chunk.length + 1);
      longer[chunk.length] = (byte) extra;
      assertThatThrownBy(() -> Chunks.decode(longer))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unknownChunkVersionIsRejected() {
    byte[] chunk = mixedChunk();
    chunk[0] = 2;
    assertThatThrownBy(() -> Chunks.decode(chunk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> ChunkCodec.count(chunk))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChunkCodec.count(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerCountThatDisagreesWithTheSectionsIsRejectedBeforeAnyPoint() {
    byte[] chunk = mixedChunk();
    chunk[1] = 4; // five points are stored
    List<Long> seen = new ArrayList<>();
    ChunkCodec.PointSink sink =
        new ChunkCodec.PointSink() {
          @Override
          public void number(long ts, double value, boolean integral) {
            seen.add(ts);
          }

          @Override
          public void string(long ts, String value) {
            seen.add(ts);
          }

          @Override
          public void bool(long ts, boolean value) {
            seen.add(ts);
          }
        };
    assertThatThrownBy(() -> ChunkCodec.decode(chunk, sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
    assertThat(seen).isEmpty();
  }

  @Test
  void booleanSectionHoldingAnotherNumberIsRejected() {
    SeriesBlockEncoder block = new SeriesBlockEncoder();
    block.append(START, 2);
    byte[] body = block.finish();
    ByteWriter chunk = new ByteWriter(32);
    chunk.writeByte(ChunkCodec.VERSION);
    chunk.writeVarint(1);
    chunk.writeByte(ChunkCodec.BOOLEANS);
    chunk.writeVarint(body.length);
    chunk.writeBytes(body);
    assertThatThrownBy(() -> Chunks.decode(chunk.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boolean");
  }

  @Test
  void everyTruncatedLogEntryIsRejected() {
    byte[] entry = entry();
    for (int length = 0; length < entry.length; length++) {
      byte[] cut = Arrays.copyOf(entry, length);
      assertThatThrownBy(() -> LogEntries.decode(cut))
          .as("entry cut to %d of %d bytes", length, entry.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void logEntryWithTrailingBytesOrUnknownVersionIsRejected() {
    byte[] entry = entry();
    byte[] longer = Arrays.copyOf(entry, entry.length + 1);
    assertThatThrownBy(() -> LogEntries.decode(longer))
        .isInstanceOf(IllegalArgumentException.class);
    entry[0] = 9;
    assertThatThrownBy(() -> LogEntries.decode(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  @Test
  void logEntryWithBadNameReferenceKindOrNumberIsRejected() {
    assertThatThrownBy(() -> LogEntries.decode(entryOf(w -> w.writeVarint(1))))
        .hasMessageContaining("name reference");
    assertThatThrownBy(() -> LogEntries.decode(point(w -> w.writeByte(6))))
        .hasMessageContaining("kind");
    assertThatThrownBy(
            () ->
                LogEntries.decode(
                    point(
                        w -> {
                          w.writeByte(LogEntryCodec.FRACTION);
                          w.writeLong(Double.doubleToRawLongBits(Double.NaN));
                        })))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogEntries.decode(stringValue(new byte[] {(byte) 0xC0, (byte) 0x80})))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> LogEntries.decode(stringValue(new byte[] {(byte) 0xE2, 0x41, 0x41})))
        .hasMessageContaining("UTF-8");
  }

  /** Random damage: decoding may succeed or throw IllegalArgumentException, never anything else. */
  @Test
  void randomDamageOnlyEverRaisesIllegalArgument() {
    Random random = new Random(31);
    byte[][] originals = {mixedChunk(), entry()};
    for (int round = 0; round < 5_000; round++) {
      byte[] original = originals[round & 1];
      byte[] damaged = original.clone();
      for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
      }
      Runnable decode =
          (round & 1) == 0 ? () -> Chunks.decode(damaged) : () -> LogEntries.decode(damaged);
      try {
        decode.run();
      } catch (IllegalArgumentException expected) {
        // refused, as it should be
      }
    }
  }

  private interface Body {
    void write(ByteWriter out);
  }

  /** An entry of one payload whose device name reference is written by {@code ref}. */
  private static byte[] entryOf(Body ref) {
    ByteWriter out = new ByteWriter(32);
    out.writeByte(LogEntryCodec.VERSION);
    out.writeVarint(1);
    ref.write(out);
    out.writeVarint(0);
    return out.toByteArray();
  }

  /** An entry of one point whose kind and value are written by {@code value}. */
  private static byte[] point(Body value) {
    ByteWriter out = new ByteWriter(32);
    out.writeByte(LogEntryCodec.VERSION);
    out.writeVarint(1);
    out.writeVarint(0);
    out.writeString("d");
    out.writeVarint(1);
    out.writeZigzag(START);
    out.writeVarint(0);
    out.writeString("k");
    value.write(out);
    return out.toByteArray();
  }

  private static byte[] stringValue(byte[] utf8) {
    return point(
        w -> {
          w.writeByte(LogEntryCodec.STRING);
          w.writeVarint(utf8.length);
          w.writeBytes(utf8);
        });
  }
}
