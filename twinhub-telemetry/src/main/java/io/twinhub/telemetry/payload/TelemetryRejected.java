package io.twinhub.telemetry.payload;

/**
 * Why a payload was not accepted. {@code reason} is a stable code for metrics and programs;
 * {@code message} is a stable, human-readable sentence sent back to the device (MQTT reason string,
 * HTTP 400 body, the {@code …/telemetry/rejected} message). Messages may quote the offending key.
 */
public record TelemetryRejected(Reason reason, String message) implements TelemetryParseResult {

    public enum Reason {
        /** Zero bytes, or only whitespace. */
        EMPTY_PAYLOAD,
        /** Not well-formed JSON (syntax, encoding, or a number or string beyond the parser's limits). */
        NOT_JSON,
        /** Something after the first complete JSON value. */
        TRAILING_DATA,
        /** The top level, or an element of a top-level array, is not an object. */
        WRONG_TYPE,
        /** An object or array that yields no points. */
        NO_POINTS,
        /** A key that is empty or longer than 64 characters. */
        BAD_KEY,
        /** The same key twice in one object. */
        DUPLICATE_KEY,
        /** A value that is null, an object or an array. */
        BAD_VALUE,
        /** A number too large for a double, such as 1e400. */
        NOT_FINITE,
        /** {@code ts} missing, not an integer, or outside the accepted years. */
        BAD_TS,
        /** {@code values} missing, not an object, or empty. */
        BAD_VALUES,
        /** A field other than {@code ts} and {@code values} beside them. */
        UNKNOWN_FIELD,
        /** More points than the configured limit. */
        TOO_MANY_POINTS
    }
}
