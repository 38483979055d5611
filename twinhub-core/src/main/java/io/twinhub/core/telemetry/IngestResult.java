package io.twinhub.core.telemetry;

import io.twinhub.core.message.Message;

/**
 * How one telemetry payload ended.
 *
 * @param status   what happened
 * @param points   points in the payload (0 when it could not be parsed)
 * @param message  for the sender when not stored: why (e.g. the validation error), else null
 * @param rejected for MQTT senders when not stored: the document to publish on the device's
 *                 {@code …/telemetry/rejected} topic (QoS 0, not retained), else null
 */
public record IngestResult(Status status, int points, String message, Message rejected) {

    public enum Status {
        /** Durable: acknowledge and route. */
        STORED,
        /** The payload broke the contract: MQTT 5 reason 0x99, HTTP 400. Nothing stored. */
        INVALID,
        /** The device sent faster than its rate limit: MQTT 5 reason 0x96, HTTP 429. Nothing stored. */
        RATE_LIMITED,
        /** Dropped under overload (only sheddable payloads). Nothing stored. */
        SHED,
        /** The store failed: MQTT 5 reason 0x80, HTTP 503. Nothing stored. */
        FAILED
    }

    private static final IngestResult SHED_RESULT = new IngestResult(Status.SHED, 0, "dropped under overload", null);

    public static IngestResult stored(int points) {
        return new IngestResult(Status.STORED, points, null, null);
    }

    public static IngestResult shed() {
        return SHED_RESULT;
    }

    public boolean isStored() {
        return status == Status.STORED;
    }
}
