package io.twinhub.http.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route path such as {@code /api/v1/things/{id}/token}: literal segments and {@code {name}}
 * segments, each matching exactly one non-empty path segment.
 */
final class PathTemplate {

    private final String text;
    private final List<String> segments;

    PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + text);
        }
        this.text = text;
        this.segments = split(text);
    }

    /** The parameter values when {@code pathSegments} matches, else null. */
    Map<String, String> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String t = segments.get(i);
            String s = pathSegments.get(i);
            if (isParameter(t)) {
                if (s.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), s);
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            out.add(path.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return text;
    }
}
