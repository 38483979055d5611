package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryPoint;

import java.util.List;

/** The points of one device in one log entry. */
public record DevicePoints(String device, List<TelemetryPoint> points) { }
