package io.twinhub.telemetry.payload;

import static io.twinhub.telemetry.payload.Payloads.NOW;
import static io.twinhub.telemetry.payload.Payloads.accepted;
import static io.twinhub.telemetry.payload.Payloads.integer;
import static io.twinhub.telemetry.payload.Payloads.point;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TelemetryParserShapesTest {

    private static final long TS = 1_700_000_000_123L;

    @Test
    void plainObjectIsStampedWithServerTime() {
        assertThat(accepted("{\"temp\":21.5,\"label\":\"kitchen\",\"on\":true,\"count\":3}")).containsExactly(
                point(NOW, "temp", 21.5),
                point(NOW, "label", "kitchen"),
                point(NOW, "on", true),
                integer(NOW, "count", 3));
    }

    @Test
    void serverTimeIsTheOneGivenToTheParser() {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        TelemetryParseResult result = new TelemetryParser().parse(payload, 42L);
        assertThat(((TelemetryParseResult.Accepted) result).points()).containsExactly(integer(42L, "a", 1));
    }

    @Test
    void timestampedObjectUsesTheDeviceTimestamp() {
        assertThat(accepted("{\"ts\":" + TS + ",\"values\":{\"temp\":-3,\"ok\":false}}")).containsExactly(
                integer(TS, "temp", -3),
                point(TS, "ok", false));
    }

    @Test
    void valuesMayComeBeforeTs() {
        assertThat(accepted("{\"values\":{\"temp\":1.25},\"ts\":" + TS + "}"))
                .containsExactly(point(TS, "temp", 1.25));
    }

    @Test
    void tsAndValuesAreOrdinaryKeysInsideValues() {
        assertThat(accepted("{\"ts\":" + TS + ",\"values\":{\"ts\":5,\"values\":\"x\"}}"))
                .containsExactly(integer(TS, "ts", 5), point(TS, "values", "x"));
    }

    @Test
    void arrayOfMixedShapesKeepsOrderAndStampsEachObject() {
        String json = "[{\"ts\":" + TS + ",\"values\":{\"a\":1}},{\"a\":2,\"b\":\"x\"},"
                + "{\"ts\":" + (TS + 1000) + ",\"values\":{\"a\":3}}]";
        assertThat(accepted(json)).containsExactly(
                integer(TS, "a", 1),
                integer(NOW, "a", 2),
                point(NOW, "b", "x"),
                integer(TS + 1000, "a", 3));
    }

    @Test
    void sameKeyInDifferentObjectsOfAnArrayIsAllowed() {
        assertThat(accepted("[{\"a\":1},{\"a\":1}]")).containsExactly(integer(NOW, "a", 1), integer(NOW, "a", 1));
    }

    @Test
    void integralnessFollowsHowTheNumberWasWritten() {
        assertThat(accepted("{\"i\":21,\"f\":21.0,\"e\":2.1e1,\"neg\":-0,\"big\":9007199254740993}")).containsExactly(
                integer(NOW, "i", 21),
                point(NOW, "f", 21.0),
                point(NOW, "e", 21.0),
                integer(NOW, "neg", 0), // an integer zero has no sign
                integer(NOW, "big", 9007199254740992L));
    }

    @Test
    void bigAndTinyFiniteNumbersAreKept() {
        assertThat(accepted("{\"max\":1.7976931348623157e308,\"tiny\":4.9e-324,"
                + "\"huge\":123456789012345678901234567890}")).containsExactly(
                point(NOW, "max", Double.MAX_VALUE),
                point(NOW, "tiny", Double.MIN_VALUE),
                new TelemetryPoint(NOW, "huge", TelemetryValue.of(1.2345678901234568e29, true)));
    }

    @Test
    void unicodeKeysAndStringsRoundTrip() {
        assertThat(accepted("{\"température\":1,\"温度\":\"暖かい\",\"\\u00e9t\\u00e9\":\"🌡️\"}")).containsExactly(
                integer(NOW, "température", 1),
                point(NOW, "温度", "暖かい"),
                point(NOW, "été", "🌡️"));
    }

    @Test
    void keyOf64CharactersIsAcceptedCountingEmojiAsOne() {
        String ascii = "k".repeat(64);
        String emoji = "😀".repeat(64); // 128 UTF-16 units, 64 characters
        assertThat(accepted("{\"" + ascii + "\":1,\"" + emoji + "\":2}"))
                .containsExactly(integer(NOW, ascii, 1), integer(NOW, emoji, 2));
        assertThat(accepted("{\"x\":true}")).containsExactly(point(NOW, "x", true));
    }

    @Test
    void emptyStringIsAValue() {
        assertThat(accepted("{\"s\":\"\"}")).containsExactly(point(NOW, "s", ""));
    }

    @Test
    void whitespaceAroundThePayloadIsFine() {
        assertThat(accepted(" \n\t{ \"a\" : 1 }\r\n ")).containsExactly(integer(NOW, "a", 1));
    }

    @Test
    void parsesASliceOfALargerBuffer() {
        byte[] buffer = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        TelemetryParseResult result = new TelemetryParser().parse(buffer, 2, buffer.length - 4, NOW);
        assertThat(((TelemetryParseResult.Accepted) result).points()).containsExactly(integer(NOW, "a", 1));
    }

    @Test
    void tsBoundsAreInclusiveAtYear2000AndExclusiveAt2200() {
        long min = TelemetryParser.MIN_TS_MILLIS;
        long lastOk = TelemetryParser.MAX_TS_MILLIS - 1;
        assertThat(accepted("{\"ts\":" + min + ",\"values\":{\"a\":1}}")).containsExactly(integer(min, "a", 1));
        assertThat(accepted("{\"ts\":" + lastOk + ",\"values\":{\"a\":1}}")).containsExactly(integer(lastOk, "a", 1));
        assertThat(min).isEqualTo(946_684_800_000L);
        assertThat(TelemetryParser.MAX_TS_MILLIS).isEqualTo(7_258_118_400_000L);
    }

    @Test
    void exactlyTheLimitOfPointsIsAccepted() {
        TelemetryParser parser = new TelemetryParser(3);
        assertThat(accepted(parser, "[{\"a\":1,\"b\":2},{\"c\":3}]")).hasSize(3);
        assertThat(accepted(manyPoints(TelemetryParser.DEFAULT_MAX_POINTS))).hasSize(1000);
    }

    static String manyPoints(int n) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }
}
