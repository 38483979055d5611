package io.twinhub.core.topic;

/**
 * A SUBSCRIBE filter split into its shared-subscription group (MQTT 5 §4.8.2) and the actual filter.
 *
 * @param shareGroup the group of a {@code $share/group/filter} subscription, or null for an ordinary one
 * @param filter the filter without the {@code $share/group/} prefix; not yet validated
 */
public record ParsedFilter(String shareGroup, String filter) {

    private static final String SHARE_PREFIX = "$share/";

    /**
     * Splits off a {@code $share/group/} prefix. Returns null when the prefix is present but malformed
     * (empty group, a wildcard in the group, or no filter after it) so the caller can reject the
     * subscription; the filter part itself is left to {@link TopicRules#isValidFilter}.
     */
    public static ParsedFilter parse(String raw) {
        if (raw == null) {
            return null;
        }
        if (!raw.startsWith(SHARE_PREFIX)) {
            return new ParsedFilter(null, raw);
        }
        int groupStart = SHARE_PREFIX.length();
        int slash = raw.indexOf('/', groupStart);
        if (slash < 0 || slash == groupStart || slash == raw.length() - 1) {
            return null; // "$share/g", "$share//a", "$share/g/"
        }
        String group = raw.substring(groupStart, slash);
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            return null;
        }
        return new ParsedFilter(group, raw.substring(slash + 1));
    }
}
