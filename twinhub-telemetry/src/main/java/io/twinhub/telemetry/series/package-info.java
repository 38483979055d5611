/**
 * Compact encoding of one telemetry series (one device, one key): {@link
 * io.twinhub.telemetry.series.SeriesBlockEncoder} packs (millisecond timestamp, double) points into
 * a byte block, {@link io.twinhub.telemetry.series.SeriesBlockDecoder} reads them back.
 *
 * <p>Intended use by the store: one block per (device, key, time bucket), under a key that sorts as
 * {@code device id, key name, bucket start (big-endian)} so that a range scan over one device and
 * key reads its blocks in time order with a single sequential iterator. The bucket still open stays
 * as an encoder in memory and is written as a fresh snapshot (or reopened with {@code resume});
 * closed blocks are immutable. The format is documented in docs/TELEMETRY-STORAGE.md.
 *
 * <p>On top of the block: {@link io.twinhub.telemetry.series.ChunkCodec} stores one series'
 * points of any value kind over one bucket, and {@link io.twinhub.telemetry.series.LogEntryCodec}
 * stores one ingest batch of {@link io.twinhub.telemetry.series.DevicePoints}.
 */
package io.twinhub.telemetry.series;
