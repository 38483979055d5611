package io.twinhub.bench.scenario;

import io.twinhub.bench.client.ShadowSettings;
import io.twinhub.bench.client.ShadowTopics;

import java.util.List;
import java.util.Map;

/**
 * A device-shadow workload.
 *
 * @param devices device connections, each updating its own thing's classic shadow
 * @param device how devices send (QoS, window, rate, versions, delta)
 * @param applications application connections sending desired updates (0 when {@code desiredRate} is 0)
 * @param desiredRate desired updates per second over all applications
 * @param prefix {@code $twin} or {@code $aws} topics
 * @param keepAliveSeconds keep-alive of every connection
 * @param config options, for the report
 * @param notes printed and recorded with the result
 */
public record ShadowPlan(
        int devices,
        ShadowSettings device,
        int applications,
        double desiredRate,
        ShadowTopics.Prefix prefix,
        int keepAliveSeconds,
        Map<String, Object> config,
        List<String> notes) {
}
