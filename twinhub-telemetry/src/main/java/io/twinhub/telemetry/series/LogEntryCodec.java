package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import io.twinhub.telemetry.payload.TelemetryValue.BooleanValue;
import io.twinhub.telemetry.payload.TelemetryValue.NumberValue;
import io.twinhub.telemetry.payload.TelemetryValue.StringValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ingest-log entry: a batch of accepted payloads, each a device id and its points, written
 * as one value before the batch is acknowledged. Exact: doubles bit for bit, the integral flag,
 * every string and key as given. Device ids and keys repeat across a batch, so each distinct one
 * is written once per entry and then referred to by number; on decode the repeats share one
 * {@code String}. Format: docs/TELEMETRY-STORAGE.md.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogEntryCodec {
  static final byte VERSION = 1;
  static final int INTEGER = 0;
  static final int INTEGRAL_DOUBLE = 1;
  static final int FRACTION = 2;
  static final int FALSE = 3;
  static final int TRUE = 4;
  static final int STRING = 5;
  private static final String WHAT = "telemetry log entry";

  /** Receives an entry's payloads in the order they were encoded. */
  public interface EntryVisitor {
    /** {@code points} is a fresh list owned by the visitor from now on. */
    void points(String device, List<TelemetryPoint> points);
  }

  private LogEntryCodec() {}

  public static byte[] encode(List<DevicePoints> batch) {
    int points = 0;
    for (DevicePoints payload : batch) {
      points += payload.points().size();
    }
    ByteWriter out = new ByteWriter(16 * batch.size() + 12 * points);
    Map<String, Integer> names = new HashMap<>();
    out.writeByte(VERSION);
    out.writeVarint(batch.size());
    long previousTs = 0;
    for (DevicePoints payload : batch) {
      writeName(out, names, payload.device());
      List<TelemetryPoint> list = payload.points();
      out.writeVarint(list.size());
      for (int i = 0, n = list.size(); i < n; i++) {
        TelemetryPoint point = list.get(i);
        out.writeZigzag(point.tsMillis() - previousTs);
        previousTs = point.tsMillis();
        writeName(out, names, point.key());
        writeValue(out, point.value());
      }
    }
    return out.toByteArray();
  }

  /**
   * Gives every payload of the entry to {@code visitor}, in order. The whole entry is decoded
   * before the first call, so a corrupt entry delivers nothing.
   *
   * @throws IllegalArgumentException if the entry is corrupt or of an unknown version
   */
  public static void decode(byte[] entry, EntryVisitor visitor) {
    ByteReader in = new ByteReader(entry, WHAT);
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown telemetry log entry version " + version);
    }
    int payloads = in.readCount(2);
    String[] devices = new String[payloads];
    @SuppressWarnings("unchecked")
    List<TelemetryPoint>[] lists = new List[payloads];
    Names names = new Names();
    long ts = 0;
    for (int p = 0; p < payloads; p++) {
      devices[p] = names.read(in);
      int count = in.readCount(3);
      List<TelemetryPoint> points = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ts += in.readZigzag();
        String key = names.read(in);
        points.add(new TelemetryPoint(ts, key, readValue(in)));
      }
      lists[p] = points;
    }
    if (in.remaining() != 0) {
      throw in.corrupt(in.remaining() + " bytes after the last payload");
    }
    for (int p = 0; p < payloads; p++) {
      visitor.points(devices[p], lists[p]);
    }
  }

  /** 0 then the string the first time a name appears in the entry, its number (from 1) after. */
  private static void writeName(ByteWriter out, Map<String, Integer> names, String name) {
    Integer ref = names.putIfAbsent(name, names.size() + 1);
    if (ref == null) {
      out.writeVarint(0);
      out.writeString(name);
    } else {
      out.writeVarint(ref);
    }
  }

  /** The names read so far in an entry, numbered from 1 in order of first appearance. */
  private static final class Names {
    private String[] list = new String[16];
    private int count;

    String read(ByteReader in) {
      long ref = in.readVarint();
      if (ref == 0) {
        if (count == list.length) {
          list = Arrays.copyOf(list, count * 2);
        }
        String name = in.readString();
        list[count++] = name;
        return name;
      }
      if (ref > count) {
        throw in.corrupt("name reference " + ref + " of " + count);
      }
      return list[(int) ref - 1];
    }
  }

  private static void writeValue(ByteWriter out, TelemetryValue value) {
    switch (value) {
      case NumberValue number -> {
        double v = number.value();
        long bits = Double.doubleToRawLongBits(v);
        long whole = (long) v;
        if (!number.integral()) {
          out.writeByte(FRACTION);
          out.writeLong(bits);
        } else if (Double.doubleToRawLongBits((double) whole) == bits) {
          // Most integers are small: a zigzag varint instead of 8 bytes. -0.0 fails the test.
          out.writeByte(INTEGER);
          out.writeZigzag(whole);
        } else {
          out.writeByte(INTEGRAL_DOUBLE);
          out.writeLong(bits);
        }
      }
      case BooleanValue bool -> out.writeByte(bool.value() ? TRUE : FALSE);
      case StringValue string -> {
        out.writeByte(STRING);
        out.writeString(string.value());
      }
    }
  }

  private static TelemetryValue readValue(ByteReader in) {
    int kind = in.readByte();
    return switch (kind) {
      case INTEGER -> TelemetryValue.of((double) in.readZigzag(), true);
      case INTEGRAL_DOUBLE -> number(in, true);
      case FRACTION -> number(in, false);
      case FALSE -> TelemetryValue.of(false);
      case TRUE -> TelemetryValue.of(true);
      case STRING -> TelemetryValue.of(in.readString());
      default -> throw in.corrupt("unknown value kind " + kind);
    };
  }

  private static NumberValue number(ByteReader in, boolean integral) {
    double value = Double.longBitsToDouble(in.readLong());
    if (!Double.isFinite(value)) {
      throw in.corrupt("number " + value);
    }
    return TelemetryValue.of(value, integral);
  }
}
