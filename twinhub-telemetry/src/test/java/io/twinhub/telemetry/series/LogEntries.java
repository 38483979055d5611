package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for log entries; comparisons are exact (numbers by raw bits). */
final class LogEntries {
  private LogEntries() {}

  static List<DevicePoints> decode(byte[] entry) {
    List<DevicePoints> out = new ArrayList<>();
    LogEntryCodec.decode(entry, (device, points) -> out.add(new DevicePoints(device, points)));
    return out;
  }

  /** Encodes, decodes, checks the result is exactly the batch and returns it. */
  static List<DevicePoints> assertRoundTrip(List<DevicePoints> batch) {
    List<DevicePoints> decoded = decode(LogEntryCodec.encode(batch));
    assertThat(exact(decoded)).isEqualTo(exact(batch));
    return decoded;
  }

  /** Each point as text that spells out its raw bits, so -0.0 and 0.0 differ. */
  static List<String> exact(List<DevicePoints> batch) {
    List<String> out = new ArrayList<>();
    for (DevicePoints payload : batch) {
      out.add("device " + payload.device() + " (" + payload.points().size() + ")");
      for (TelemetryPoint point : payload.points()) {
        String value =
            switch (point.value()) {
              case TelemetryValue.NumberValue n ->
                  "number " + Long.toHexString(Double.doubleToRawLongBits(n.value())) + " "
                      + n.integral();
              case TelemetryValue.BooleanValue b -> "bool " + b.value();
              case TelemetryValue.StringValue s -> "string " + s.value();
            };
        out.add(point.tsMillis() + " " + point.key() + " " + value);
      }
    }
    return out;
  }
}
