/**
 * Telemetry payloads (contract §4): {@link io.twinhub.telemetry.payload.TelemetryParser} turns the
 * bytes a device sent into {@link io.twinhub.telemetry.payload.TelemetryPoint}s or one
 * {@link io.twinhub.telemetry.payload.TelemetryRejected}. Pure: no I/O, no clock (the server time is
 * passed in). User-facing rules are in docs/TELEMETRY.md.
 */
package io.twinhub.telemetry.payload;
