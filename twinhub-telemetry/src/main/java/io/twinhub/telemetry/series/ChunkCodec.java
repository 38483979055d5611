package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.payload.TelemetryValue.BooleanValue;
import io.twinhub.telemetry.payload.TelemetryValue.NumberValue;
import io.twinhub.telemetry.payload.TelemetryValue.StringValue;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stored form of one series (device, key) over one time bucket: points of any value kind in
 * one byte array. Numbers and booleans go through the Gorilla codec ({@link SeriesBlockEncoder});
 * strings are length-prefixed UTF-8 after a varint time delta. Format: docs/TELEMETRY-STORAGE.md.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChunkCodec {
  static final byte VERSION = 1;
  static final int NUMBERS = 1;
  static final int BOOLEANS = 2;
  static final int STRINGS = 3;
  private static final String WHAT = "telemetry chunk";

  /** Receives a chunk's points, primitives unboxed. */
  public interface PointSink {
    void number(long ts, double value, boolean integral);

    void string(long ts, String value);

    void bool(long ts, boolean value);
  }

  private ChunkCodec() {}

  /**
   * Encodes points {@code [from, to)} of the parallel arrays.
   *
   * @throws IllegalArgumentException if the points are not in non-decreasing {@code ts} order or
   *     a value is null
   */
  public static byte[] encode(long[] ts, TelemetryValue[] values, int from, int to) {
    Objects.checkFromToIndex(from, to, ts.length);
    Objects.checkFromToIndex(from, to, values.length);
    SeriesBlockEncoder numbers = null;
    NumberSection.Runs runs = null;
    SeriesBlockEncoder booleans = null;
    ByteWriter strings = null;
    int stringCount = 0;
    long previousStringTs = 0;
    for (int i = from; i < to; i++) {
      long t = ts[i];
      if (i > from && t < ts[i - 1]) {
        throw new IllegalArgumentException(
            "chunk points out of order: " + t + " after " + ts[i - 1]);
      }
      switch (values[i]) {
        case NumberValue number -> {
          if (numbers == null) {
            numbers = new SeriesBlockEncoder();
            runs = new NumberSection.Runs();
          }
          numbers.append(t, number.value());
          runs.add(number.integral());
        }
        case BooleanValue bool -> {
          if (booleans == null) {
            booleans = new SeriesBlockEncoder();
          }
          booleans.append(t, bool.value() ? 1 : 0);
        }
        case StringValue string -> {
          if (strings == null) {
            strings = new ByteWriter(64);
          }
          strings.writeZigzag(t - previousStringTs);
          strings.writeString(string.value());
          previousStringTs = t;
          stringCount++;
        }
        case null -> throw new IllegalArgumentException("chunk value " + i + " is null");
      }
    }
    ByteWriter out = new ByteWriter(64);
    out.writeByte(VERSION);
    out.writeVarint(to - from);
    if (numbers != null) {
      byte[] block = numbers.finish();
      ByteWriter body = runs.finish();
      out.writeByte(NUMBERS);
      out.writeVarint((long) body.size() + block.length);
      out.writeBytes(body.toByteArray());
      out.writeBytes(block);
    }
    if (booleans != null) {
      byte[] block = booleans.finish();
      out.writeByte(BOOLEANS);
      out.writeVarint(block.length);
      out.writeBytes(block);
    }
    if (strings != null) {
      ByteWriter counted = new ByteWriter(strings.size() + 5);
      counted.writeVarint(stringCount);
      counted.writeBytes(strings.toByteArray());
      out.writeByte(STRINGS);
      out.writeVarint(counted.size());
      out.writeBytes(counted.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * The number of points in a chunk, from its header only.
   *
   * @throws IllegalArgumentException if the header is malformed
   */
  public static int count(byte[] chunk) {
    ByteReader in = new ByteReader(chunk, WHAT);
    readVersion(in);
    return in.readCount(0);
  }

  /**
   * Gives every point of the chunk to {@code sink}, kind after kind: all numbers (integral and
   * not, in time order), then all booleans (in time order), then all strings (in time order).
   * Points of different kinds are not interleaved by time; a caller that needs one time order
   * merges them. Points with equal timestamps keep the order they were encoded in within a kind.
   *
   * <p>The chunk's structure (sections, counts) is checked before the first point is given;
   * damage inside a compressed stream can still be found midway, after some points were given.
   *
   * @throws IllegalArgumentException if the chunk is corrupt or of an unknown version
   */
  public static void decode(byte[] chunk, PointSink sink) {
    ByteReader in = new ByteReader(chunk, WHAT);
    readVersion(in);
    int total = in.readCount(0);
    // First pass: locate the sections and check their counts add up.
    int[] starts = new int[STRINGS + 1];
    int[] ends = new int[STRINGS + 1];
    int previousTag = 0;
    while (in.remaining() > 0) {
      int tag = in.readByte();
      if (tag <= previousTag || tag > STRINGS) {
        throw in.corrupt("unexpected section " + tag);
      }
      int length = in.readCount(1);
      starts[tag] = in.position();
      ends[tag] = in.position() + length;
      in.skip(length);
      previousTag = tag;
    }
    NumberSection numbers =
        ends[NUMBERS] > 0 ? NumberSection.read(chunk, starts[NUMBERS], ends[NUMBERS]) : null;
    byte[] booleans =
        ends[BOOLEANS] > 0 ? Arrays.copyOfRange(chunk, starts[BOOLEANS], ends[BOOLEANS]) : null;
    ByteReader strings = null;
    int stringCount = 0;
    if (ends[STRINGS] > 0) {
      strings = new ByteReader(chunk, starts[STRINGS], ends[STRINGS], WHAT);
      stringCount = strings.readCount(2);
    }
    long sum =
        (numbers == null ? 0L : numbers.block.pointCount())
            + (booleans == null ? 0L : new SeriesBlockDecoder(booleans).pointCount())
            + stringCount;
    if (sum != total) {
      throw in.corrupt("sections hold " + sum + " points, header says " + total);
    }
    if (numbers != null) {
      numbers.emit(sink);
    }
    if (booleans != null) {
      emitBooleans(booleans, sink);
    }
    if (strings != null) {
      emitStrings(strings, stringCount, sink);
    }
  }

  private static void readVersion(ByteReader in) {
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown telemetry chunk version " + version);
    }
  }

  private static void emitBooleans(byte[] block, PointSink sink) {
    SeriesBlockDecoder points = new SeriesBlockDecoder(block);
    while (points.next()) {
      double value = points.value();
      if (value != 0 && value != 1) {
        throw new IllegalArgumentException(WHAT + " is corrupt: boolean stored as " + value);
      }
      sink.bool(points.timestamp(), value == 1);
    }
    checkFullyRead(points, block);
  }

  private static void emitStrings(ByteReader in, int count, PointSink sink) {
    long ts = 0;
    for (int i = 0; i < count; i++) {
      // Deltas wrap around like the subtraction that made them, so any two longs are fine.
      long next = ts + in.readZigzag();
      if (i > 0 && next < ts) {
        throw in.corrupt("string points out of order");
      }
      ts = next;
      sink.string(ts, in.readString());
    }
    if (in.remaining() != 0) {
      throw in.corrupt("bytes after the last string");
    }
  }

  /** A block ends at the byte holding its last bit; anything after it means damage. */
  static void checkFullyRead(SeriesBlockDecoder points, byte[] block) {
    long used = SeriesBlockFormat.HEADER_BYTES + ((points.bitPosition() + 7) >>> 3);
    if (used != block.length) {
      throw new IllegalArgumentException(WHAT + " is corrupt: series block has trailing bytes");
    }
  }
}
