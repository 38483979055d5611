package io.twinhub.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the config file: a whole number and a unit, {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 1h}, {@code 30d}); a bare {@code 0}
 * is zero.
 */
public final class ConfigDurations {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private ConfigDurations() {
    }

    /** @throws ConfigException naming {@code key} when {@code text} is not a duration */
    public static Duration parse(String key, String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new ConfigException(key + " must be a duration: a whole number and a unit (ms, s, m, h or d)"
                    + " such as 500ms, 30s, 1h or 30d, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact spelling in the same notation, for messages and defaults. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
