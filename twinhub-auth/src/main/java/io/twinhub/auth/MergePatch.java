package io.twinhub.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patch (RFC 7386) of attribute maps: objects merge recursively, null removes a key. */
final class MergePatch {

    private MergePatch() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target);
        if (patch == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                out.remove(e.getKey());
            } else if (value instanceof Map<?, ?> p) {
                Object existing = out.get(e.getKey());
                Map<String, Object> base = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
                out.put(e.getKey(), apply(base, (Map<String, Object>) p));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }
}
