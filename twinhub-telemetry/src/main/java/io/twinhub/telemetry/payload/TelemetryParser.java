package io.twinhub.telemetry.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Parses and validates telemetry payloads (contract §4, docs/TELEMETRY.md) into points.
 *
 * <p>Accepted shapes: an object of key → number | string | boolean (stamped with the server time),
 * an object {@code {"ts":<epoch ms>,"values":{…}}}, or an array of either. Anything else, and any
 * single bad point, rejects the whole payload with a {@link TelemetryRejected}.
 *
 * <p>Immutable and thread-safe; parsing streams over the bytes without building a JSON tree.
 */
public final class TelemetryParser {

    public static final int DEFAULT_MAX_POINTS = 1_000;
    public static final int MAX_KEY_LENGTH = 64;
    /** Earliest accepted {@code ts}, inclusive: 2000-01-01T00:00:00Z. */
    public static final long MIN_TS_MILLIS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** Latest accepted {@code ts}, exclusive: 2200-01-01T00:00:00Z. */
    public static final long MAX_TS_MILLIS = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();

    // One factory for every parse: it owns the shared field-name table. Interning is off because
    // keys come from devices, and String.intern would let them grow the JVM's string table at will.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private final int maxPoints;

    public TelemetryParser() {
        this(DEFAULT_MAX_POINTS);
    }

    /** @param maxPoints the most points one payload may carry; more rejects it ({@code TOO_MANY_POINTS}) */
    public TelemetryParser(int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1: " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    public int maxPoints() {
        return maxPoints;
    }

    public TelemetryParseResult parse(byte[] payload, long serverTimeMillis) {
        return parse(payload, 0, payload.length, serverTimeMillis);
    }

    /**
     * @param serverTimeMillis the receive time, given to points of objects without {@code ts}
     */
    public TelemetryParseResult parse(byte[] payload, int offset, int length, long serverTimeMillis) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        try (JsonParser json = JSON.createParser(payload, offset, length)) {
            return new TelemetryParseResult.Accepted(
                    new PayloadReader(json, maxPoints, serverTimeMillis).read());
        } catch (PayloadReader.Rejection rejection) {
            return rejection.rejected();
        } catch (IOException notJson) {
            // Jackson's own messages change between versions; ours stay the same.
            return new TelemetryRejected(TelemetryRejected.Reason.NOT_JSON, "payload is not valid JSON");
        }
    }
}
