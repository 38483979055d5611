package io.twinhub.core.telemetry;

import java.util.function.Consumer;

/**
 * Where transports hand telemetry (contract §4): a PUBLISH to {@code $twin/things/{id}/telemetry}
 * or an HTTP POST. The implementation validates the payload, stores its points and says how it
 * ended; the transport then acknowledges (PUBACK, HTTP 204) and routes the payload to the topic's
 * subscribers, in that order, only for {@link IngestResult.Status#STORED}.
 */
public interface TelemetryIngest {

    /** No telemetry topic: every PUBLISH is an ordinary message. */
    TelemetryIngest NONE = new TelemetryIngest() {
        @Override public String deviceOf(String topic) { return null; }
        @Override public boolean isRejectionTopic(String topic) { return false; }
        @Override public void ingest(String device, byte[] payload, boolean sheddable, Consumer<IngestResult> done) {
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
     * Validates and stores one payload of {@code device}. {@code done} runs exactly once, on any
     * thread; for {@link IngestResult.Status#STORED} the points are durable by then.
     *
     * @param sheddable true when the sender does not wait for durability (MQTT QoS 0): such a
     *                  payload is dropped ({@link IngestResult.Status#SHED}) when the store falls behind
     */
    void ingest(String device, byte[] payload, boolean sheddable, Consumer<IngestResult> done);

    /**
     * True while more telemetry waits for the store than it should: a source that can wait
     * (an MQTT connection) stops reading until {@link #whenRelieved}.
     */
    boolean congested();

    /** Runs {@code task} once, on any thread, when no longer {@link #congested}; at once if not congested now. */
    void whenRelieved(Runnable task);
}
