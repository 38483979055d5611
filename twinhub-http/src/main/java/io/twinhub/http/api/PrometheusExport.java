package io.twinhub.http.api;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.core.metrics.BrokerMetrics.DropReason;
import io.twinhub.http.CounterFamily;
import io.twinhub.http.HttpMetrics;
import io.twinhub.telemetry.service.TelemetryMetrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The node's metrics in the Prometheus text format. Broker counters are read when scraped (the
 * hot paths only bump their LongAdders); the JVM part is the cheap basics: memory, threads, GC,
 * process CPU and file descriptors, runtime version.
 */
public final class PrometheusExport {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusExport(BrokerMetrics broker, HttpMetrics http) {
        this(broker, http, List.of());
    }

    public PrometheusExport(BrokerMetrics broker, HttpMetrics http, List<CounterFamily> extra) {
        this(broker, http, extra, null);
    }

    /** @param telemetry the telemetry service's counters, or null when the node keeps no telemetry */
    public PrometheusExport(BrokerMetrics broker, HttpMetrics http, List<CounterFamily> extra,
                            TelemetryMetrics telemetry) {
        GaugeWithCallback.builder().name("twinhub_mqtt_open_connections")
                .help("MQTT connections open now")
                .callback(cb -> cb.call(broker.connectionsOpen.get()))
                .register(registry);
        CounterWithCallback.builder().name("twinhub_mqtt_connects_total")
                .help("MQTT CONNECTs answered, by result")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(broker.connectsAccepted.sum(), "accepted");
                    cb.call(broker.connectsRejected.sum(), "rejected");
                })
                .register(registry);
        counter("twinhub_mqtt_protocol_errors_total", "MQTT connections closed for a protocol violation",
                broker.protocolErrors::sum);
        counter("twinhub_mqtt_publishes_received_total", "PUBLISH packets received from clients",
                broker.publishesReceived::sum);
        counter("twinhub_mqtt_publishes_sent_total", "PUBLISH packets sent to clients",
                broker.publishesSent::sum);
        counter("twinhub_mqtt_received_payload_bytes_total", "Payload bytes of PUBLISH packets received",
                broker.bytesReceived::sum);
        CounterWithCallback.builder().name("twinhub_mqtt_messages_dropped_total")
                .help("Messages not delivered to a subscriber, by reason")
                .labelNames("reason")
                .callback(cb -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(broker.drops(r), r.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        CounterWithCallback.builder().name("twinhub_http_responses_total")
                .help("HTTP API responses, by status code")
                .labelNames("code")
                .callback(cb -> http.responses().forEach((code, n) -> cb.call(n, Integer.toString(code))))
                .register(registry);
        counter("twinhub_mqtt_publishes_denied_total", "PUBLISH packets refused by the client's topic rules",
                broker.publishesDenied::sum);
        counter("twinhub_mqtt_subscriptions_denied_total", "Subscription filters refused by the client's topic rules",
                broker.subscriptionsDenied::sum);
        for (CounterFamily f : extra) {
            CounterWithCallback.Builder b = CounterWithCallback.builder().name(f.name()).help(f.help());
            if (f.label() != null) {
                b.labelNames(f.label());
            }
            b.callback(cb -> f.values().forEach((labelValue, reading) -> {
                if (f.label() != null) {
                    cb.call(reading.getAsLong(), labelValue);
                } else {
                    cb.call(reading.getAsLong());
                }
            })).register(registry);
        }
        if (telemetry != null) {
            TelemetryExport.register(telemetry, registry);
        }
        JvmMemoryMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    private void counter(String name, String help, java.util.function.LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    /** One scrape, as the text exposition format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
