/**
 * Telemetry (contract §4): what devices send as time series. {@code io.twinhub.telemetry.payload}
 * turns a payload into points or a rejection; {@code io.twinhub.telemetry.series} encodes runs of
 * points of one key compactly for the store.
 */
package io.twinhub.telemetry;
