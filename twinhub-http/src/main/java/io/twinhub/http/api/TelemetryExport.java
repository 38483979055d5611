package io.twinhub.http.api;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.twinhub.telemetry.service.TelemetryMetrics;
import io.twinhub.telemetry.service.TelemetryMetrics.DropReason;

import java.util.function.LongSupplier;

/** The telemetry service's counters as {@code twinhub_telemetry_*}, read when scraped (docs/HTTP-API.md). */
final class TelemetryExport {

    private TelemetryExport() {
    }

    static void register(TelemetryMetrics m, PrometheusRegistry registry) {
        counter(registry, "twinhub_telemetry_payloads_stored_total",
                "Telemetry payloads stored durably (MQTT and HTTP)", m::payloadsStored);
        counter(registry, "twinhub_telemetry_points_stored_total", "Telemetry points stored durably", m::pointsStored);
        CounterWithCallback.builder().name("twinhub_telemetry_payloads_dropped_total")
                .help("Telemetry payloads not stored, by reason")
                .labelNames("reason")
                .callback(cb -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(m.payloadsDropped(r), r.label());
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("twinhub_telemetry_points_dropped_total")
                .help("Points of the telemetry payloads not stored, by reason (0 for payloads not parsed)")
                .labelNames("reason")
                .callback(cb -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(m.pointsDropped(r), r.label());
                    }
                })
                .register(registry);
        counter(registry, "twinhub_telemetry_payloads_rejected_total",
                "Telemetry payloads answered with a rejection (invalid, rate limited, store failed)", m::payloadsRejected);
        GaugeWithCallback.builder().name("twinhub_telemetry_queued_bytes")
                .help("Telemetry payload bytes accepted and waiting for the store")
                .callback(cb -> cb.call(m.queuedBytes()))
                .register(registry);
        GaugeWithCallback.builder().name("twinhub_telemetry_queued_bytes_peak")
                .help("Most telemetry payload bytes that waited for the store at once since the start")
                .callback(cb -> cb.call(m.queuedBytesPeak()))
                .register(registry);
        GaugeWithCallback.builder().name("twinhub_telemetry_queued_payloads")
                .help("Telemetry payloads accepted and waiting for the store")
                .callback(cb -> cb.call(m.queuedPayloads()))
                .register(registry);
        counter(registry, "twinhub_telemetry_store_writes_total", "Telemetry ingest log writes (one per batch)",
                m::storeWrites);
        CounterWithCallback.builder().name("twinhub_telemetry_store_write_seconds_total")
                .help("Sum of telemetry ingest log write latencies (divide by the writes' total for the mean)")
                .callback(cb -> cb.call(m.storeWriteSeconds()))
                .register(registry);
        double[] bounds = TelemetryMetrics.storeWriteBounds();
        CounterWithCallback.builder().name("twinhub_telemetry_store_writes_within_total")
                .help("Telemetry ingest log writes done within a latency bound (seconds), cumulative")
                .labelNames("le")
                .callback(cb -> {
                    for (int i = 0; i < bounds.length; i++) {
                        cb.call(m.storeWritesWithin(i), Double.toString(bounds[i]));
                    }
                    cb.call(m.storeWrites(), "+Inf");
                })
                .register(registry);
        counter(registry, "twinhub_telemetry_flushes_total", "Flushes of buffered telemetry points to chunks",
                m::flushes);
        counter(registry, "twinhub_telemetry_flush_failures_total",
                "Flushes of buffered telemetry points that the store refused (retried)", m::flushFailures);
        counter(registry, "twinhub_telemetry_flushed_chunks_total", "Telemetry series chunks written by flushes",
                m::flushedChunks);
        counter(registry, "twinhub_telemetry_flushed_points_total", "Telemetry points written into chunks by flushes",
                m::flushedPoints);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }
}
