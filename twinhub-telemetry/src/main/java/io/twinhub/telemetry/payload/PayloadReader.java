package io.twinhub.telemetry.payload;

import static io.twinhub.telemetry.payload.TelemetryParser.MAX_KEY_LENGTH;
import static io.twinhub.telemetry.payload.TelemetryParser.MAX_TS_MILLIS;
import static io.twinhub.telemetry.payload.TelemetryParser.MIN_TS_MILLIS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.twinhub.telemetry.payload.TelemetryRejected.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One pass over one payload; not reusable, not thread-safe. Rejections unwind as {@link Rejection}. */
final class PayloadReader {

    private static final String TS = "ts";
    private static final String VALUES = "values";

    private final JsonParser json;
    private final int maxPoints;
    private final long serverTimeMillis;
    private final List<TelemetryPoint> points = new ArrayList<>();
    // Keys and values of the object being read; they become points once its timestamp is known,
    // since "values" may come before "ts".
    private final List<String> pendingKeys = new ArrayList<>();
    private final List<TelemetryValue> pendingValues = new ArrayList<>();
    private final Set<String> seenKeys = new HashSet<>();
    private int element = -1; // index in a top-level array, for messages

    PayloadReader(JsonParser json, int maxPoints, long serverTimeMillis) {
        this.json = json;
        this.maxPoints = maxPoints;
        this.serverTimeMillis = serverTimeMillis;
    }

    List<TelemetryPoint> read() throws IOException {
        JsonToken first = json.nextToken();
        if (first == null) {
            throw reject(Reason.EMPTY_PAYLOAD, "payload is empty");
        }
        switch (first) {
            case START_OBJECT -> readObject();
            case START_ARRAY -> readArray();
            default -> throw reject(Reason.WRONG_TYPE,
                    "payload must be a JSON object or array, not " + describe(first));
        }
        expectEnd();
        return points;
    }

    private void expectEnd() throws IOException {
        try {
            if (json.nextToken() == null) {
                return;
            }
        } catch (JsonProcessingException garbage) {
            // falls through: unreadable bytes after the value are trailing data too
        }
        throw reject(Reason.TRAILING_DATA, "unexpected data after the JSON value");
    }

    private void readArray() throws IOException {
        for (int index = 0; ; index++) {
            element = -1; // the element's own type error carries its index already
            JsonToken token = json.nextToken();
            if (token == JsonToken.END_ARRAY) {
                break;
            }
            if (token != JsonToken.START_OBJECT) {
                throw reject(Reason.WRONG_TYPE, "array element " + index + " must be an object, not "
                        + describe(token));
            }
            element = index;
            readObject();
        }
        if (points.isEmpty()) {
            throw reject(Reason.NO_POINTS, "payload has no points");
        }
    }

    /** Reads one object after its '{': plain key → value, or exactly {"ts", "values"}. */
    private void readObject() throws IOException {
        pendingKeys.clear();
        pendingValues.clear();
        seenKeys.clear();
        boolean hasTs = false;
        boolean hasValues = false;
        long ts = 0;
        String plainKey = null; // first plain key seen, to name it if "ts"/"values" come too
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            if (name.equals(TS) || name.equals(VALUES)) {
                if (plainKey != null) {
                    throw unknownField(plainKey);
                }
                if (name.equals(TS)) {
                    if (hasTs) {
                        throw reject(Reason.DUPLICATE_KEY, "duplicate key 'ts'");
                    }
                    hasTs = true;
                    ts = readTs();
                } else {
                    if (hasValues) {
                        throw reject(Reason.DUPLICATE_KEY, "duplicate key 'values'");
                    }
                    hasValues = true;
                    readValues();
                }
            } else {
                if (hasTs || hasValues) {
                    throw unknownField(name);
                }
                plainKey = name;
                readPoint(name);
            }
        }
        if (hasTs || hasValues) {
            if (!hasTs) {
                throw reject(Reason.BAD_TS, "ts is missing beside values");
            }
            if (!hasValues) {
                throw reject(Reason.BAD_VALUES, "values is missing beside ts");
            }
        } else if (pendingKeys.isEmpty()) {
            throw reject(Reason.NO_POINTS, "object has no points");
        } else {
            ts = serverTimeMillis;
        }
        for (int i = 0; i < pendingKeys.size(); i++) {
            points.add(new TelemetryPoint(ts, pendingKeys.get(i), pendingValues.get(i)));
        }
    }

    private long readTs() throws IOException {
        JsonToken token = json.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw reject(Reason.BAD_TS, "ts must be an integer (epoch milliseconds), not " + describe(token));
        }
        if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw tsOutOfRange();
        }
        long ts = json.getLongValue();
        if (ts < 0) {
            throw reject(Reason.BAD_TS, "ts must not be negative");
        }
        if (ts < MIN_TS_MILLIS || ts >= MAX_TS_MILLIS) {
            throw tsOutOfRange();
        }
        return ts;
    }

    private void readValues() throws IOException {
        JsonToken token = json.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw reject(Reason.BAD_VALUES, "values must be an object, not " + describe(token));
        }
        int before = pendingKeys.size();
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            readPoint(name);
        }
        if (pendingKeys.size() == before) {
            throw reject(Reason.BAD_VALUES, "values must not be empty");
        }
    }

    private void readPoint(String key) throws IOException {
        checkKey(key);
        if (!seenKeys.add(key)) {
            throw reject(Reason.DUPLICATE_KEY, "duplicate key '" + key + "'");
        }
        if (points.size() + pendingKeys.size() >= maxPoints) {
            throw reject(Reason.TOO_MANY_POINTS, "payload has more than " + maxPoints + " points");
        }
        pendingKeys.add(key);
        pendingValues.add(readValue(key));
    }

    private TelemetryValue readValue(String key) throws IOException {
        JsonToken token = json.nextToken();
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double value = json.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw reject(Reason.NOT_FINITE, "value of '" + key + "' is too large for a number");
                }
                yield TelemetryValue.of(value, token == JsonToken.VALUE_NUMBER_INT);
            }
            case VALUE_STRING -> TelemetryValue.of(json.getText());
            case VALUE_TRUE -> TelemetryValue.of(true);
            case VALUE_FALSE -> TelemetryValue.of(false);
            default -> throw reject(Reason.BAD_VALUE,
                    "value of '" + key + "' must be a number, string or boolean, not " + describe(token));
        };
    }

    private void checkKey(String key) {
        if (key.isEmpty()) {
            throw reject(Reason.BAD_KEY, "key must not be empty");
        }
        // Length counts Unicode characters (code points), so an emoji is one character.
        if (key.length() > MAX_KEY_LENGTH && key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
            String start = key.substring(0, key.offsetByCodePoints(0, 16));
            throw reject(Reason.BAD_KEY, "key longer than " + MAX_KEY_LENGTH + " characters: '" + start + "…'");
        }
    }

    private Rejection unknownField(String name) {
        return reject(Reason.UNKNOWN_FIELD,
                "an object with ts and values may have no other field, found '" + name + "'");
    }

    private Rejection tsOutOfRange() {
        return reject(Reason.BAD_TS,
                "ts must be epoch milliseconds between the years 2000 and 2200");
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private Rejection reject(Reason reason, String message) {
        String where = element >= 0 ? "array element " + element + ": " : "";
        return new Rejection(new TelemetryRejected(reason, where + message));
    }

    /** Unwinds a rejection out of the reader; no stack trace, as rejections are ordinary. */
    static final class Rejection extends RuntimeException {
        private final transient TelemetryRejected rejected;

        Rejection(TelemetryRejected rejected) {
            super(rejected.message(), null, false, false);
            this.rejected = rejected;
        }

        TelemetryRejected rejected() {
            return rejected;
        }
    }
}
