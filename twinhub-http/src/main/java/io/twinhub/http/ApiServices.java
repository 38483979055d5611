package io.twinhub.http;

import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.device.HeartbeatSink;
import io.twinhub.core.device.PresenceView;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.twin.ShadowService;

import java.util.List;
import java.util.Map;

/**
 * What the HTTP API serves, handed in by the node.
 *
 * @param authenticator checks bearer tokens
 * @param registry the devices (blocking calls: run on the API's worker pool)
 * @param presence presence shown by {@code GET /api/v1/things/{id}}
 * @param heartbeats where {@code POST /api/v1/things/{id}/heartbeat} goes
 * @param metrics broker counters exported on {@code /metrics}
 * @param readiness named checks of {@code /health/ready} (the HTTP listener's own check is added)
 * @param writes whether the store accepts writes: a problem makes changing requests answer 503
 * @param counters further counters for {@code /metrics} (authentication, TLS, …)
 * @param shadows the device shadows behind {@code /api/v1/things/{id}/shadow…}, or null when the
 *                node serves none (those endpoints then answer 503)
 * @param telemetry what serves {@code /api/v1/things/{id}/telemetry…}, or null when the node keeps
 *                  no telemetry (those endpoints then answer 503)
 */
public record ApiServices(
        Authenticator authenticator,
        DeviceRegistry registry,
        PresenceView presence,
        HeartbeatSink heartbeats,
        BrokerMetrics metrics,
        Map<String, HealthCheck> readiness,
        HealthCheck writes,
        List<CounterFamily> counters,
        ShadowService shadows,
        TelemetryEndpoints telemetry) {

    public ApiServices {
        readiness = Map.copyOf(readiness);
        counters = List.copyOf(counters);
    }

    /** Without telemetry. */
    public ApiServices(Authenticator authenticator, DeviceRegistry registry, PresenceView presence,
                       HeartbeatSink heartbeats, BrokerMetrics metrics, Map<String, HealthCheck> readiness,
                       HealthCheck writes, List<CounterFamily> counters, ShadowService shadows) {
        this(authenticator, registry, presence, heartbeats, metrics, readiness, writes, counters, shadows, null);
    }

    /** Without shadows. */
    public ApiServices(Authenticator authenticator, DeviceRegistry registry, PresenceView presence,
                       HeartbeatSink heartbeats, BrokerMetrics metrics, Map<String, HealthCheck> readiness,
                       HealthCheck writes, List<CounterFamily> counters) {
        this(authenticator, registry, presence, heartbeats, metrics, readiness, writes, counters, null);
    }

    /** Without shadows and without counters beyond the broker's. */
    public ApiServices(Authenticator authenticator, DeviceRegistry registry, PresenceView presence,
                       HeartbeatSink heartbeats, BrokerMetrics metrics, Map<String, HealthCheck> readiness,
                       HealthCheck writes) {
        this(authenticator, registry, presence, heartbeats, metrics, readiness, writes, List.of(), null, null);
    }

    /** The same services with {@code service} behind the shadow endpoints. */
    public ApiServices withShadows(ShadowService service) {
        return new ApiServices(authenticator, registry, presence, heartbeats, metrics, readiness, writes, counters,
                service, telemetry);
    }

    /** The same services with {@code endpoints} behind the telemetry endpoints. */
    public ApiServices withTelemetry(TelemetryEndpoints endpoints) {
        return new ApiServices(authenticator, registry, presence, heartbeats, metrics, readiness, writes, counters,
                shadows, endpoints);
    }
}
