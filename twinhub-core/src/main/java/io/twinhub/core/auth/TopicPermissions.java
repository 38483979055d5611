package io.twinhub.core.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link AccessRules} compiled for one principal. Placeholders are substituted once, here, and
 * every filter is split into its levels, so that a check walks the topic in place and allocates
 * nothing: it runs on every PUBLISH.
 *
 * <p>Rules follow MQTT matching (MQTT 5 §4.7): {@code a/#} also matches {@code a} itself, and a
 * rule starting with a wildcard does not match topics starting with {@code $} (write
 * {@code $twin/#} to grant those). A rule whose placeholder has no value for this principal, or
 * whose value contains {@code /}, {@code +}, {@code #} or U+0000 (it would widen the rule), is
 * left out: it grants nothing.
 */
public final class TopicPermissions implements Permissions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(id|clientId|username)}");
    private static final String SHARE_PREFIX = "$share/";
    private static final String HASH = "#";
    private static final String PLUS = "+";

    private final String[][] publish;
    private final String[][] subscribe;
    private final String[] thingExact;
    private final String[] thingPrefixes;

    private TopicPermissions(String[][] publish, String[][] subscribe, String[] thingExact, String[] thingPrefixes) {
        this.publish = publish;
        this.subscribe = subscribe;
        this.thingExact = thingExact;
        this.thingPrefixes = thingPrefixes;
    }

    /**
     * @param values placeholder name ({@code id}, {@code clientId}, {@code username}) to value; a
     *               missing or null value drops the rules that use it
     */
    public static TopicPermissions compile(AccessRules rules, Map<String, String> values) {
        List<String[]> pub = new ArrayList<>();
        for (String r : rules.publish()) {
            addFilter(pub, substitute(r, values));
        }
        List<String[]> sub = new ArrayList<>();
        for (String r : rules.subscribe()) {
            addFilter(sub, substitute(r, values));
        }
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String r : rules.things()) {
            String t = substitute(r, values);
            if (t == null || t.isEmpty()) {
                continue;
            }
            int star = t.indexOf('*');
            if (star < 0) {
                exact.add(t);
            } else if (star == t.length() - 1) {
                prefixes.add(t.substring(0, star));
            }
            // a '*' anywhere else is not a pattern this syntax has: the rule grants nothing
        }
        return new TopicPermissions(pub.toArray(String[][]::new), sub.toArray(String[][]::new),
                exact.toArray(String[]::new), prefixes.toArray(String[]::new));
    }

    /** Convenience for a device: {@code {id}}, {@code {clientId}} and {@code {username}} are all its id. */
    public static TopicPermissions forDevice(String deviceId) {
        return compile(AccessRules.DEVICE, Map.of("id", deviceId, "clientId", deviceId, "username", deviceId));
    }

    /** Whether {@code rule} is well formed: a valid MQTT topic filter, placeholders aside. */
    public static boolean isValidRule(String rule) {
        if (rule == null || rule.isEmpty() || rule.startsWith(SHARE_PREFIX)) {
            return false;
        }
        String plain = PLACEHOLDER.matcher(rule).replaceAll("x");
        if (plain.indexOf('{') >= 0 || plain.indexOf('}') >= 0 || plain.indexOf('\0') >= 0) {
            return false;
        }
        String[] levels = plain.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if ((l.contains(PLUS) && !l.equals(PLUS)) || (l.contains(HASH) && (!l.equals(HASH) || i != levels.length - 1))) {
                return false;
            }
        }
        return true;
    }

    private static String substitute(String rule, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(rule);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null || v.isEmpty() || widens(v)) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean widens(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '\0' || c == '*') {
                return true;
            }
        }
        return false;
    }

    private static void addFilter(List<String[]> into, String filter) {
        if (filter != null && isValidRule(filter)) {
            into.add(filter.split("/", -1));
        }
    }

    // ---------------------------------------------------------------- checks (no allocation)

    @Override
    public boolean mayPublish(String topic) {
        for (String[] rule : publish) {
            if (matches(rule, topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean maySubscribe(String filter) {
        int start = 0;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0 || slash == SHARE_PREFIX.length() || slash == filter.length() - 1) {
                return false;
            }
            start = slash + 1;
        }
        for (String[] rule : subscribe) {
            if (contains(rule, filter, start)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean mayAccessThing(String deviceId) {
        for (String id : thingExact) {
            if (id.equals(deviceId)) {
                return true;
            }
        }
        for (String prefix : thingPrefixes) {
            if (deviceId.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Does the rule match the topic name? MQTT semantics, walking the topic without copying it. */
    static boolean matches(String[] rule, String topic) {
        if (startsWithWildcard(rule) && !topic.isEmpty() && topic.charAt(0) == '$') {
            return false;
        }
        int t = 0;
        int len = topic.length();
        for (int i = 0; i < rule.length; i++) {
            String level = rule[i];
            if (level.equals(HASH)) {
                return true;  // the rest, or nothing at all: "a/#" matches "a"
            }
            if (t > len) {
                return false;  // the topic has no level left for this one
            }
            int end = topic.indexOf('/', t);
            if (end < 0) {
                end = len;
            }
            if (!level.equals(PLUS) && (level.length() != end - t || !topic.startsWith(level, t))) {
                return false;
            }
            t = end + 1;
        }
        return t > len;  // both ran out together
    }

    /**
     * Does the rule match every topic the filter (from {@code start}) can match? Level by level: a
     * rule {@code #} contains the rest; a rule {@code +} contains one level that is not {@code #};
     * a literal contains only the same literal.
     */
    static boolean contains(String[] rule, String filter, int start) {
        if (startsWithWildcard(rule) && start < filter.length() && filter.charAt(start) == '$') {
            return false;  // the filter names $ topics the rule never matches
        }
        int f = start;
        int len = filter.length();
        for (int i = 0; i < rule.length; i++) {
            String level = rule[i];
            if (level.equals(HASH)) {
                return true;
            }
            if (f > len) {
                return false;  // the filter ended: it matches a parent the rule lacks
            }
            int end = filter.indexOf('/', f);
            if (end < 0) {
                end = len;
            }
            int n = end - f;
            boolean filterHash = n == 1 && filter.charAt(f) == '#';
            boolean filterPlus = n == 1 && filter.charAt(f) == '+';
            if (filterHash) {
                return false;  // only a rule '#' at this level contains a filter '#'
            }
            if (!level.equals(PLUS) && (filterPlus || level.length() != n || !filter.startsWith(level, f))) {
                return false;
            }
            f = end + 1;
        }
        return f > len;
    }

    private static boolean startsWithWildcard(String[] rule) {
        return rule[0].equals(HASH) || rule[0].equals(PLUS);
    }
}
