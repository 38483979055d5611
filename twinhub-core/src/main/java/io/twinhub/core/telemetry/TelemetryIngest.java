package io.twinhub.core.telemetry;

import io.twinhub.core.message.Message;

import java.util.function.Consumer;

/**
 * Where transports hand telemetry (contract §4): a PUBLISH to {@code $twin/things/{id}/telemetry}
 * or an HTTP POST. The implementation validates the payload, stores its points, routes the
 * message to the topic's subscribers once it is durable (their copies are written with the
 * points), and says how it ended; the transport then acknowledges (PUBACK, HTTP 204).
 */
public interface TelemetryIngest {

    /** No telemetry topic: every PUBLISH is an ordinary message. */
    TelemetryIngest NONE = new TelemetryIngest() {
        @Override public String deviceOf(String topic) { return null; }
        @Override public boolean isRejectionTopic(String topic) { return false; }
        @Override public void ingest(String device, Message message, boolean sheddable, Consumer<IngestResult> done) {
            throw new IllegalStateException("telemetry is not enabled");
        }
        @Override public boolean congested() { return false; }
        @Override public void whenRelieved(Runnable task) { task.run(); }
    };

    /**
     * The device whose telemetry topic this is ({@code $twin/things/{id}/telemetry}), or null.
     * Called for every PUBLISH: must be cheap.
     */
    String deviceOf(String topic);

    /** Whether the topic is a device's {@code …/telemetry/rejected}, which only the hub publishes. */
    boolean isRejectionTopic(String topic);

    /**
     * Validates and stores the payload of {@code message}, sent by or for {@code device}, then
     * routes the message. Takes over the message's payload reference. {@code done} runs exactly
     * once, on any thread; for {@link IngestResult.Status#STORED} the points and the subscribers'
     * durable copies are written by then, and the message was handed to its subscribers.
     * Messages of one device are routed in the order they were ingested.
     *
     * @param sheddable true when the sender does not wait for durability (MQTT QoS 0): such a
     *                  payload is dropped ({@link IngestResult.Status#SHED}) when the store falls behind
     */
    void ingest(String device, Message message, boolean sheddable, Consumer<IngestResult> done);

    /**
     * True while more telemetry waits for the store than it should: a source that can wait
     * (an MQTT connection) stops reading until {@link #whenRelieved}.
     */
    boolean congested();

    /** Runs {@code task} once, on any thread, when no longer {@link #congested}; at once if not congested now. */
    void whenRelieved(Runnable task);
}
