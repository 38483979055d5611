package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntryCodecRoundTripTest {
  private static final long START = 1_764_788_400_000L;

  @Test
  void batchComesBackInOrderWithExactValues() {
    List<DevicePoints> batch =
        List.of(
            new DevicePoints(
                "pump-1",
                List.of(
                    new TelemetryPoint(START, "temp", TelemetryValue.of(21, true)),
                    new TelemetryPoint(START, "rpm", TelemetryValue.of(1450.5, false)))),
            new DevicePoints(
                "pump-2", List.of(new TelemetryPoint(START - 5, "state", TelemetryValue.of("")))),
            new DevicePoints(
                "pump-1", List.of(new TelemetryPoint(START + 1, "temp", TelemetryValue.of(true)))));
    assertThat(LogEntries.roundTrip(batch)).isEqualTo(batch);
  }
}
