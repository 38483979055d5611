package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a desired or reported section of an update may contain: no key or array element deeper
 * than the depth limit (a key directly inside the section is at level 1, a key or element inside
 * a value at level n is at level n + 1); no null anywhere inside an array, since null only means
 * "remove this key" and an array is stored whole; and only finite numbers.
 */
final class SectionRules {

    private SectionRules() {
    }

    static void check(JsonNode section, int maxDepth, String clientToken) throws RequestRejected {
        if (section != null && section.isObject()) {
            new Walk(maxDepth, clientToken).members(section, 1, false);
        }
    }

    private record Walk(int maxDepth, String clientToken) {

        /** Checks the members or elements of {@code container}, which sit at {@code level}. */
        void members(JsonNode container, int level, boolean inArray) throws RequestRejected {
            if (container.isEmpty()) {
                return;
            }
            if (level > maxDepth) {
                throw RequestRejected.badRequest(Messages.tooDeep(maxDepth), clientToken);
            }
            if (container.isObject()) {
                for (Map.Entry<String, JsonNode> member : container.properties()) {
                    value(member.getValue(), level, inArray);
                }
            } else {
                for (JsonNode element : container) {
                    value(element, level, true);
                }
            }
        }

        private void value(JsonNode value, int level, boolean inArray) throws RequestRejected {
            if (value.isContainerNode()) {
                members(value, level + 1, inArray);
            } else if (value.isNull() && inArray) {
                throw RequestRejected.badRequest(Messages.NULL_IN_ARRAY, clientToken);
            } else if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
                throw RequestRejected.badRequest(Messages.NUMBER_OUT_OF_RANGE, clientToken);
            }
        }
    }
}
