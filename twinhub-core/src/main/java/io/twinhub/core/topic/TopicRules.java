package io.twinhub.core.topic;

/**
 * Topic name and topic filter rules of MQTT 5 §4.7, plus the broker's own size limits.
 *
 * <p>Validation walks the string once without allocating, because it runs on every PUBLISH and
 * SUBSCRIBE. {@link #matches} is the slow, obviously-correct reference matcher: the tries in this
 * package are tested against it.
 */
public final class TopicRules {

    private final int maxLengthBytes;
    private final int maxLevels;

    /**
     * @param maxLengthBytes longest allowed topic/filter in UTF-8 bytes (the protocol caps it at 65535)
     * @param maxLevels most '/'-separated levels allowed; bounds trie depth, hence recursion depth
     */
    public TopicRules(int maxLengthBytes, int maxLevels) {
        if (maxLengthBytes < 1 || maxLevels < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxLengthBytes + ", " + maxLevels);
        }
        this.maxLengthBytes = maxLengthBytes;
        this.maxLevels = maxLevels;
    }

    /** A topic name as carried by PUBLISH: no wildcards at all. */
    public boolean isValidName(String topic) {
        return check(topic, false);
    }

    /** A topic filter as carried by SUBSCRIBE, already stripped of any {@code $share/group/} prefix. */
    public boolean isValidFilter(String filter) {
        return check(filter, true);
    }

    private boolean check(String s, boolean wildcardsAllowed) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int len = s.length();
        int bytes = 0;
        int levels = 1;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u0000' -> {
                    return false;
                }
                case '/' -> levels++;
                case '+' -> {
                    // '+' must fill a whole level: "a/+/b" yes, "a+/b" no.
                    if (!wildcardsAllowed
                            || (i > 0 && s.charAt(i - 1) != '/')
                            || (i + 1 < len && s.charAt(i + 1) != '/')) {
                        return false;
                    }
                }
                case '#' -> {
                    // '#' must be the whole last level: "#", "a/#" yes; "a#", "#/a" no.
                    if (!wildcardsAllowed || i != len - 1 || (i > 0 && s.charAt(i - 1) != '/')) {
                        return false;
                    }
                }
                default -> { }
            }
            // UTF-8 length without encoding. A lone surrogate has no UTF-8 form, so it is invalid.
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= len || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else {
                bytes += 3;
            }
            if (bytes > maxLengthBytes || levels > maxLevels) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reference matcher: does {@code filter} (no {@code $share} prefix) match topic name {@code topic}?
     * Assumes both are valid. Topics starting with '$' are not matched by a leading '+' or '#'.
     */
    public static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$'
                && !filter.isEmpty() && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int flen = filter.length();
        int tlen = topic.length();
        int f = 0;
        int t = 0; // t == tlen + 1 means "topic has no levels left"
        while (true) {
            int fEnd = levelEnd(filter, f);
            boolean isHash = fEnd - f == 1 && filter.charAt(f) == '#';
            if (isHash) {
                return true; // matches the rest, including nothing at all ("a/#" matches "a")
            }
            if (t > tlen) {
                return false; // filter has a level the topic lacks
            }
            int tEnd = levelEnd(topic, t);
            boolean isPlus = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!isPlus && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            boolean filterDone = fEnd == flen;
            boolean topicDone = tEnd == tlen;
            if (filterDone) {
                return topicDone;
            }
            f = fEnd + 1;
            t = tEnd + 1; // == tlen + 1 when the topic just ran out
        }
    }

    /** Index of the '/' ending the level that starts at {@code start}, or the string length. */
    static int levelEnd(String s, int start) {
        int slash = s.indexOf('/', start);
        return slash < 0 ? s.length() : slash;
    }
}
