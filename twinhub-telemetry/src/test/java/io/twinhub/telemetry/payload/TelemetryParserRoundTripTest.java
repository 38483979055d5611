package io.twinhub.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random valid payloads, written by Jackson's own serializer, must parse back to exactly the points
 * they were built from. Seeds are fixed so a failure can be replayed; the failing seed is in the
 * assertion message. {@code -Dtelemetry.seed=N} runs that one seed only.
 */
class TelemetryParserRoundTripTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SERVER_TIME = 1_764_790_000_000L;
    private static final TelemetryParser PARSER = new TelemetryParser(200);

    @Test
    void randomValidPayloadsParseToTheirPoints() throws Exception {
        Long only = Long.getLong("telemetry.seed");
        long first = only != null ? only : 20_260_101L;
        int runs = only != null ? 1 : 500;
        for (long seed = first; seed < first + runs; seed++) {
            List<TelemetryPoint> expected = new ArrayList<>();
            Object payload = new Generator(new Random(seed), expected).payload();
            byte[] bytes = MAPPER.writeValueAsBytes(payload);
            TelemetryParseResult result = PARSER.parse(bytes, SERVER_TIME);
            assertThat(result).as("seed %d, payload %s", seed, new String(bytes, "UTF-8"))
                    .isEqualTo(new TelemetryParseResult.Accepted(expected));
        }
    }

    /** Builds a payload as maps and lists, and the points it should yield, side by side. */
    private record Generator(Random random, List<TelemetryPoint> expected) {

        Object payload() {
            if (random.nextInt(3) > 0) {
                return object();
            }
            List<Object> array = new ArrayList<>();
            int size = 1 + random.nextInt(8);
            for (int i = 0; i < size; i++) {
                array.add(object());
            }
            return array;
        }

        private Map<String, Object> object() {
            if (random.nextBoolean()) {
                return values(SERVER_TIME);
            }
            long ts = TelemetryParser.MIN_TS_MILLIS
                    + (long) (random.nextDouble() * (TelemetryParser.MAX_TS_MILLIS - TelemetryParser.MIN_TS_MILLIS));
            Map<String, Object> timestamped = new LinkedHashMap<>();
            boolean tsFirst = random.nextBoolean();
            if (tsFirst) {
                timestamped.put("ts", ts);
            }
            timestamped.put("values", values(ts));
            if (!tsFirst) {
                timestamped.put("ts", ts);
            }
            return timestamped;
        }

        private Map<String, Object> values(long ts) {
            Map<String, Object> values = new LinkedHashMap<>();
            Set<String> keys = new HashSet<>();
            int size = 1 + random.nextInt(12);
            while (values.size() < size) {
                String key = text(1, 64);
                // ts and values are reserved beside each other; inside "values" they are plain keys,
                // but a plain server-time object may not use them.
                if ((ts == SERVER_TIME && (key.equals("ts") || key.equals("values"))) || !keys.add(key)) {
                    continue;
                }
                Object value = value(ts, key);
                values.put(key, value);
            }
            return values;
        }

        private Object value(long ts, String key) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    double d = switch (random.nextInt(3)) {
                        case 0 -> random.nextGaussian() * 1000;
                        case 1 -> Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL)
                                * (random.nextBoolean() ? 1 : -1);
                        default -> random.nextInt(100) / 4.0;
                    };
                    expected.add(new TelemetryPoint(ts, key, TelemetryValue.of(d, false)));
                    return d;
                }
                case 1 -> {
                    long n = random.nextLong() >> random.nextInt(64); // any size, mostly large
                    n = Math.max(-(1L << 53), Math.min(1L << 53, n)); // stay exact in a double
                    expected.add(new TelemetryPoint(ts, key, TelemetryValue.of((double) n, true)));
                    return n;
                }
                case 2 -> {
                    String s = text(0, 40);
                    expected.add(new TelemetryPoint(ts, key, TelemetryValue.of(s)));
                    return s;
                }
                default -> {
                    boolean b = random.nextBoolean();
                    expected.add(new TelemetryPoint(ts, key, TelemetryValue.of(b)));
                    return b;
                }
            }
        }

        /** Text of min..max characters from ASCII (incl. quotes, backslash, controls), Latin, CJK and emoji. */
        private String text(int min, int max) {
            int length = min + random.nextInt(random.nextInt(4) == 0 ? max - min + 1 : Math.min(6, max - min + 1));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int codePoint = switch (random.nextInt(5)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 'a' + random.nextInt(26);
                    case 2 -> 0xC0 + random.nextInt(0x100);
                    case 3 -> 0x4E00 + random.nextInt(0x5000);
                    default -> 0x1F300 + random.nextInt(0x300);
                };
                text.appendCodePoint(codePoint);
            }
            return text.toString();
        }
    }
}
