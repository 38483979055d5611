package io.twinhub.telemetry.query;

import io.twinhub.telemetry.payload.TelemetryValue;

/**
 * One point of an answer: a stored point, or an aggregate whose {@code ts} is the start of its
 * interval bucket. Aggregates are numbers; {@code count} is an integral number.
 */
public record QueryPoint(long ts, TelemetryValue value) { }
