package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a chunk's points as a list, in the order the sink received them. */
final class Chunks {
  private Chunks() {}

  /** A decoded point; numbers keep their raw bits so that record equality is bit-exact. */
  record Point(long ts, String kind, long numberBits, boolean integral, Object value) {}

  static Point point(long ts, TelemetryValue value) {
    return switch (value) {
      case TelemetryValue.NumberValue n ->
          new Point(ts, "number", Double.doubleToRawLongBits(n.value()), n.integral(), null);
      case TelemetryValue.StringValue s -> new Point(ts, "string", 0, false, s.value());
      case TelemetryValue.BooleanValue b -> new Point(ts, "bool", 0, false, b.value());
    };
  }

  static List<Point> decode(byte[] chunk) {
    List<Point> points = new ArrayList<>();
    ChunkCodec.decode(
        chunk,
        new ChunkCodec.PointSink() {
          @Override
          public void number(long ts, double value, boolean integral) {
            points.add(new Point(ts, "number", Double.doubleToRawLongBits(value), integral, null));
          }

          @Override
          public void string(long ts, String value) {
            points.add(new Point(ts, "string", 0, false, value));
          }

          @Override
          public void bool(long ts, boolean value) {
            points.add(new Point(ts, "bool", 0, false, value));
          }
        });
    return points;
  }
}
