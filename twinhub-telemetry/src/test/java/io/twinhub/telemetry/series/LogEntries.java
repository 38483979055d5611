package io.twinhub.telemetry.series;

import java.util.ArrayList;
import java.util.List;

/** Test helpers for log entries. */
final class LogEntries {
  private LogEntries() {}

  static List<DevicePoints> decode(byte[] entry) {
    List<DevicePoints> out = new ArrayList<>();
    LogEntryCodec.decode(entry, (device, points) -> out.add(new DevicePoints(device, points)));
    return out;
  }

  static List<DevicePoints> roundTrip(List<DevicePoints> batch) {
    return decode(LogEntryCodec.encode(batch));
  }
}
