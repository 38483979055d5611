package io.twinhub.telemetry.payload;

import static io.twinhub.telemetry.payload.Payloads.NOW;
import static io.twinhub.telemetry.payload.Payloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinhub.telemetry.payload.TelemetryRejected.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryParserRejectionTest {

    private static final long TS = 1_700_000_000_000L;

    private static void expect(String json, Reason reason, String message) {
        assertThat(rejected(json)).isEqualTo(new TelemetryRejected(reason, message));
    }

    @Test
    void emptyOrBlankPayload() {
        expect("", Reason.EMPTY_PAYLOAD, "payload is empty");
        expect(" \n\t ", Reason.EMPTY_PAYLOAD, "payload is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello", "{a:1}", "{\"a\":1", "{\"a\":}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}",
        "[{\"a\":1},]", "{\"a\":'x'}"})
    void notJson(String json) {
        expect(json, Reason.NOT_JSON, "payload is not valid JSON");
    }

    @Test
    void numberWithMoreThanAThousandDigitsIsBeyondTheParser() {
        expect("{\"a\":" + "9".repeat(1001) + "}", Reason.NOT_JSON, "payload is not valid JSON");
    }

    @Test
    void invalidUtf8IsNotJson() {
        byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(Payloads.PARSER.parse(payload, NOW))
                .isEqualTo(new TelemetryRejected(Reason.NOT_JSON, "payload is not valid JSON"));
    }

    @Test
    void trailingGarbage() {
        expect("{\"a\":1} x", Reason.TRAILING_DATA, "unexpected data after the JSON value");
        expect("{\"a\":1}{\"b\":2}", Reason.TRAILING_DATA, "unexpected data after the JSON value");
        expect("{\"a\":1}}", Reason.TRAILING_DATA, "unexpected data after the JSON value");
        expect("[{\"a\":1}] 7", Reason.TRAILING_DATA, "unexpected data after the JSON value");
    }

    @Test
    void wrongTopLevelType() {
        expect("42", Reason.WRONG_TYPE, "payload must be a JSON object or array, not a number");
        expect("\"x\"", Reason.WRONG_TYPE, "payload must be a JSON object or array, not a string");
        expect("null", Reason.WRONG_TYPE, "payload must be a JSON object or array, not null");
        expect("true", Reason.WRONG_TYPE, "payload must be a JSON object or array, not a boolean");
        expect("[{\"a\":1},[]]", Reason.WRONG_TYPE, "array element 1 must be an object, not an array");
        expect("[3]", Reason.WRONG_TYPE, "array element 0 must be an object, not a number");
    }

    @Test
    void nothingToStore() {
        expect("{}", Reason.NO_POINTS, "object has no points");
        expect("[]", Reason.NO_POINTS, "payload has no points");
        expect("[{\"a\":1},{}]", Reason.NO_POINTS, "array element 1: object has no points");
    }

    @Test
    void badKeys() {
        expect("{\"\":1}", Reason.BAD_KEY, "key must not be empty");
        expect("{\"" + "k".repeat(65) + "\":1}", Reason.BAD_KEY,
                "key longer than 64 characters: '" + "k".repeat(16) + "…'");
        expect("{\"" + "😀".repeat(65) + "\":1}", Reason.BAD_KEY,
                "key longer than 64 characters: '" + "😀".repeat(16) + "…'");
        expect("{\"ts\":" + TS + ",\"values\":{\"\":1}}", Reason.BAD_KEY, "key must not be empty");
    }

    @Test
    void duplicateKeys() {
        expect("{\"a\":1,\"b\":2,\"a\":3}", Reason.DUPLICATE_KEY, "duplicate key 'a'");
        expect("{\"ts\":" + TS + ",\"values\":{\"a\":1,\"a\":1}}", Reason.DUPLICATE_KEY, "duplicate key 'a'");
        expect("{\"ts\":" + TS + ",\"ts\":" + TS + ",\"values\":{\"a\":1}}", Reason.DUPLICATE_KEY,
                "duplicate key 'ts'");
        expect("{\"ts\":" + TS + ",\"values\":{\"a\":1},\"values\":{\"b\":1}}", Reason.DUPLICATE_KEY,
                "duplicate key 'values'");
    }

    @Test
    void badValues() {
        expect("{\"a\":null}", Reason.BAD_VALUE, "value of 'a' must be a number, string or boolean, not null");
        expect("{\"a\":{\"b\":1}}", Reason.BAD_VALUE,
                "value of 'a' must be a number, string or boolean, not an object");
        expect("{\"a\":[1]}", Reason.BAD_VALUE, "value of 'a' must be a number, string or boolean, not an array");
        expect("[{\"ok\":1},{\"ts\":" + TS + ",\"values\":{\"a\":null}}]", Reason.BAD_VALUE,
                "array element 1: value of 'a' must be a number, string or boolean, not null");
    }

    @Test
    void numbersBeyondDouble() {
        expect("{\"a\":1e400}", Reason.NOT_FINITE, "value of 'a' is too large for a number");
        expect("{\"a\":-1e400}", Reason.NOT_FINITE, "value of 'a' is too large for a number");
        expect("{\"a\":1" + "0".repeat(400) + "}", Reason.NOT_FINITE, "value of 'a' is too large for a number");
    }

    @Test
    void badTimestamps() {
        String range = "ts must be epoch milliseconds between the years 2000 and 2200";
        expect("{\"values\":{\"a\":1}}", Reason.BAD_TS, "ts is missing beside values");
        expect(withTs("1.7e12"), Reason.BAD_TS, "ts must be an integer (epoch milliseconds), not a number");
        expect(withTs("1700000000000.0"), Reason.BAD_TS, "ts must be an integer (epoch milliseconds), not a number");
        expect(withTs("\"1700000000000\""), Reason.BAD_TS, "ts must be an integer (epoch milliseconds), not a string");
        expect(withTs("null"), Reason.BAD_TS, "ts must be an integer (epoch milliseconds), not null");
        expect(withTs("-1"), Reason.BAD_TS, "ts must not be negative");
        expect(withTs("1700000000"), Reason.BAD_TS, range); // seconds, not milliseconds
        expect(withTs(Long.toString(TelemetryParser.MIN_TS_MILLIS - 1)), Reason.BAD_TS, range);
        expect(withTs(Long.toString(TelemetryParser.MAX_TS_MILLIS)), Reason.BAD_TS, range);
        expect(withTs("99999999999999999999999"), Reason.BAD_TS, range);
    }

    private static String withTs(String ts) {
        return "{\"ts\":" + ts + ",\"values\":{\"a\":1}}";
    }

    @Test
    void badValuesObject() {
        expect("{\"ts\":" + TS + "}", Reason.BAD_VALUES, "values is missing beside ts");
        expect("{\"ts\":" + TS + ",\"values\":{}}", Reason.BAD_VALUES, "values must not be empty");
        expect("{\"ts\":" + TS + ",\"values\":[{\"a\":1}]}", Reason.BAD_VALUES, "values must be an object, not an array");
        expect("{\"ts\":" + TS + ",\"values\":5}", Reason.BAD_VALUES, "values must be an object, not a number");
    }

    @Test
    void fieldsBesideTsAndValuesAreRejectedWhicheverComesFirst() {
        String message = "an object with ts and values may have no other field, found 'temp'";
        expect("{\"ts\":" + TS + ",\"values\":{\"a\":1},\"temp\":2}", Reason.UNKNOWN_FIELD, message);
        expect("{\"temp\":2,\"ts\":" + TS + ",\"values\":{\"a\":1}}", Reason.UNKNOWN_FIELD, message);
        expect("{\"temp\":2,\"ts\":" + TS + "}", Reason.UNKNOWN_FIELD, message);
        expect("{\"values\":{\"a\":1},\"temp\":2}", Reason.UNKNOWN_FIELD, message);
    }

    @Test
    void tooManyPoints() {
        TelemetryParser three = new TelemetryParser(3);
        assertThat(rejected(three, "[{\"a\":1,\"b\":2},{\"ts\":" + TS + ",\"values\":{\"c\":3,\"d\":4}}]"))
                .isEqualTo(new TelemetryRejected(Reason.TOO_MANY_POINTS,
                        "array element 1: payload has more than 3 points"));
        expect(TelemetryParserShapesTest.manyPoints(1001), Reason.TOO_MANY_POINTS, "payload has more than 1000 points");
    }

    @Test
    void oneBadPointRejectsTheWholePayload() {
        assertThat(rejected("[{\"a\":1},{\"b\":2},{\"c\":null}]").reason()).isEqualTo(Reason.BAD_VALUE);
    }
}
