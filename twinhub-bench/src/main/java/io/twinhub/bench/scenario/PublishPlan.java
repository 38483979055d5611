package io.twinhub.bench.scenario;

import io.twinhub.bench.client.PayloadCodec;
import io.twinhub.bench.client.PublisherSettings;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A publish workload, shared by the {@code publish} and {@code fleet} scenarios.
 *
 * @param scenario name for the report
 * @param publishers publisher (or device) connections
 * @param subscribers subscriber connections, each receiving every message
 * @param persistentSubscribers subscribers' sessions outlive their connections, so a durable
 *                              server stores every QoS 1/2 message for them before acknowledging it
 * @param publisher how publishers send (QoS, window, batch, open/closed loop)
 * @param topicOf topic of publisher i
 * @param subscribeFilter what subscribers subscribe to
 * @param payload the payload template (the codec stamps its variable fields per message)
 * @param codec where timestamp, source and sequence live in the payload
 * @param publisherRole client id letter of publishers ('p' or 'd')
 * @param keepAliveSeconds keep-alive of every connection (0 = none)
 * @param config options, for the report
 * @param notes printed and recorded with the result
 */
public record PublishPlan(
        String scenario,
        int publishers,
        int subscribers,
        boolean persistentSubscribers,
        PublisherSettings publisher,
        IntFunction<String> topicOf,
        String subscribeFilter,
        byte[] payload,
        PayloadCodec codec,
        char publisherRole,
        int keepAliveSeconds,
        Map<String, Object> config,
        List<String> notes) {

    public int qos() {
        return publisher.qos();
    }
}
