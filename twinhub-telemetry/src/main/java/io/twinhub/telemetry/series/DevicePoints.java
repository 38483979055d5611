package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryPoint;
import java.util.List;
import java.util.Objects;

/**
 * The points of one accepted payload of {@code device}: one item of an ingest-log entry
 * ({@link LogEntryCodec}). The list is not copied (this is on the ingest path); whoever builds
 * the record stops changing the list.
 */
public record DevicePoints(String device, List<TelemetryPoint> points) {
  public DevicePoints {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(points, "points");
  }
}
