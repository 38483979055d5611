package io.twinhub.core.topic;

/**
 * One level of a topic looked up in place: a view of {@code topic[start, end)} that a map keyed by
 * level strings takes as a lookup key, so that walking a trie allocates no substring per level.
 * It has the hash of the equal {@link String} and equals a String with the same characters.
 *
 * <p>Only for {@code get}: a String never equals a view, so a view must not be stored as a key
 * (use {@link #toString()} for that). Mutable and reused level after level by one walk; not
 * shared between threads.
 */
final class LevelView {

    private String topic;
    private int start;
    private int length;
    private int hash;

    /** Points the view at {@code topic[start, end)}; returns it. */
    LevelView at(String topic, int start, int end) {
        this.topic = topic;
        this.start = start;
        this.length = end - start;
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        this.hash = h;
        return this;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof String s && s.length() == length && topic.regionMatches(start, s, 0, length);
    }

    /** The level as a String of its own, for storing as a key. */
    @Override
    public String toString() {
        return topic.substring(start, start + length);
    }
}
