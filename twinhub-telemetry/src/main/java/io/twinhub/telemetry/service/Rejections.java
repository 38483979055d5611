package io.twinhub.telemetry.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.telemetry.IngestResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answers of payloads that were not stored, with the document an MQTT sender gets on
 * {@code $twin/things/{id}/telemetry/rejected}: {@code {"code":…,"reason":"…","message":"…"}}.
 */
final class Rejections {

    static final String RATE_LIMITED = "RATE_LIMITED";
    static final String STORE_FAILED = "STORE_FAILED";
    static final String STORE_FAILED_MESSAGE = "telemetry could not be stored";

    private static final JsonFactory JSON = new JsonFactory();

    private Rejections() { }

    static IngestResult invalid(String device, String reason, String message) {
        return result(IngestResult.Status.INVALID, 0, device, 400, reason, message);
    }

    static IngestResult rateLimited(String device, int points, int limit) {
        return result(IngestResult.Status.RATE_LIMITED, points, device, 429, RATE_LIMITED,
                "rate limit of " + limit + " messages per second exceeded");
    }

    static IngestResult storeFailed(String device, int points) {
        return result(IngestResult.Status.FAILED, points, device, 503, STORE_FAILED, STORE_FAILED_MESSAGE);
    }

    private static IngestResult result(IngestResult.Status status, int points, String device, int code,
                                       String reason, String message) {
        Message rejected = new Message(TelemetryTopics.rejectionTopic(device), 0, false,
                new BytesPayload(document(code, reason, message)), MessageProperties.NONE, Message.NO_EXPIRY, null);
        return new IngestResult(status, points, message, rejected);
    }

    static byte[] document(int code, String reason, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", code);
            json.writeStringField("reason", reason);
            json.writeStringField("message", message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
