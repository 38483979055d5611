package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helpers: a chunk's points as a list, in the order the sink received them. */
final class Chunks {
  private Chunks() {}

  /** A decoded point; numbers keep their raw bits so that record equality is bit-exact. */
  record Point(long ts, int kind, long numberBits, boolean integral, Object value) {}

  private static final int NUMBER = 0;
  private static final int BOOL = 1;
  private static final int STRING = 2;

  static Point point(long ts, TelemetryValue value) {
    return switch (value) {
      case TelemetryValue.NumberValue n ->
          new Point(ts, NUMBER, Double.doubleToRawLongBits(n.value()), n.integral(), null);
      case TelemetryValue.BooleanValue b -> new Point(ts, BOOL, 0, false, b.value());
      case TelemetryValue.StringValue s -> new Point(ts, STRING, 0, false, s.value());
    };
  }

  static List<Point> decode(byte[] chunk) {
    List<Point> points = new ArrayList<>();
    ChunkCodec.decode(
        chunk,
        new ChunkCodec.PointSink() {
          @Override
          public void number(long ts, double value, boolean integral) {
            points.add(new Point(ts, NUMBER, Double.doubleToRawLongBits(value), integral, null));
          }

          @Override
          public void string(long ts, String value) {
            points.add(new Point(ts, STRING, 0, false, value));
          }

          @Override
          public void bool(long ts, boolean value) {
            points.add(new Point(ts, BOOL, 0, false, value));
          }
        });
    return points;
  }

  /**
   * What decode must give for these points: numbers, then booleans, then strings, each in the
   * order given (a stable sort by kind of input already in time order).
   */
  static List<Point> expected(long[] ts, TelemetryValue[] values) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      points.add(point(ts[i], values[i]));
    }
    points.sort(Comparator.comparingInt(Point::kind));
    return points;
  }

  /** Encodes, checks the count and that decoding gives exactly the expected points. */
  static byte[] assertRoundTrip(long[] ts, TelemetryValue... values) {
    byte[] chunk = ChunkCodec.encode(ts, values, 0, ts.length);
    assertThat(ChunkCodec.count(chunk)).as("count").isEqualTo(ts.length);
    assertThat(decode(chunk)).as("decoded points").isEqualTo(expected(ts, values));
    return chunk;
  }
}
