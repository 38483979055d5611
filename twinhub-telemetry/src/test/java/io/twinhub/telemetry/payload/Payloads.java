package io.twinhub.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shared test steps: parse a JSON text and expect acceptance or a rejection. */
final class Payloads {
    static final long NOW = 1_764_790_000_000L;
    static final TelemetryParser PARSER = new TelemetryParser();

    private Payloads() {
    }

    static TelemetryParseResult parse(String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    static List<TelemetryPoint> accepted(TelemetryParser parser, String json) {
        TelemetryParseResult result = parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(result).as(json).isInstanceOf(TelemetryParseResult.Accepted.class);
        return ((TelemetryParseResult.Accepted) result).points();
    }

    static List<TelemetryPoint> accepted(String json) {
        return accepted(PARSER, json);
    }

    static TelemetryRejected rejected(TelemetryParser parser, String json) {
        TelemetryParseResult result = parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(result).as(json).isInstanceOf(TelemetryRejected.class);
        return (TelemetryRejected) result;
    }

    static TelemetryRejected rejected(String json) {
        return rejected(PARSER, json);
    }

    static TelemetryPoint point(long ts, String key, double number) {
        return new TelemetryPoint(ts, key, TelemetryValue.of(number, false));
    }

    static TelemetryPoint integer(long ts, String key, long number) {
        return new TelemetryPoint(ts, key, TelemetryValue.of(number, true));
    }

    static TelemetryPoint point(long ts, String key, String text) {
        return new TelemetryPoint(ts, key, TelemetryValue.of(text));
    }

    static TelemetryPoint point(long ts, String key, boolean flag) {
        return new TelemetryPoint(ts, key, TelemetryValue.of(flag));
    }
}
