package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random shadow sections for property tests, from a seed so that a failure can be replayed. Keys
 * and values come from small sets so that desired and reported often share paths and values, and
 * numbers appear both as integers and as whole decimals (2 and 2.0).
 */
final class RandomTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] KEYS = {"a", "b", "c", "d", "timestamp"};
    private static final int MAX_OBJECT_LEVEL = 4;

    private final Random random;

    RandomTrees(long seed) {
        this.random = new Random(seed);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** An object whose keys are at {@code level}; members set to null (removals) with {@code nulls}. */
    ObjectNode object(int level, double nulls) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            String key = KEYS[random.nextInt(KEYS.length)];
            if (chance(nulls)) {
                object.putNull(key);
            } else if (level < MAX_OBJECT_LEVEL && chance(0.35)) {
                object.set(key, object(level + 1, nulls));
            } else {
                object.set(key, leaf());
            }
        }
        return object;
    }

    /** reported as a device might send it for {@code desired}: mostly the same, partly not. */
    ObjectNode reportedFor(ObjectNode desired, int level) {
        ObjectNode reported = NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : desired.properties()) {
            JsonNode value = member.getValue();
            double roll = random.nextDouble();
            if (roll < 0.15) {
                continue; // not reported yet
            } else if (roll < 0.35) {
                reported.set(member.getKey(), leaf());
            } else if (value.isObject()) {
                reported.set(member.getKey(), reportedFor((ObjectNode) value, level + 1));
            } else {
                reported.set(member.getKey(), sameValueOtherSpelling(value));
            }
        }
        if (chance(0.3)) {
            reported.set(KEYS[random.nextInt(KEYS.length)], level < MAX_OBJECT_LEVEL && chance(0.3)
                    ? object(level + 1, 0) : leaf());
        }
        return reported;
    }

    private JsonNode sameValueOtherSpelling(JsonNode value) {
        if (value.isInt() && chance(0.5)) {
            return NODES.numberNode((double) value.intValue());
        }
        if (value.isDouble() && value.doubleValue() == Math.rint(value.doubleValue()) && chance(0.5)) {
            return NODES.numberNode((int) value.doubleValue());
        }
        return value.deepCopy();
    }

    JsonNode leaf() {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt(4));
            case 1 -> NODES.numberNode(random.nextInt(4) + (chance(0.7) ? 0.0 : 0.5));
            case 2 -> NODES.textNode(chance(0.5) ? "x" : "1");
            case 3 -> NODES.booleanNode(chance(0.5));
            default -> array(true);
        };
    }

    private ArrayNode array(boolean mayNest) {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(mayNest ? 5 : 3);
            switch (kind) {
                case 0 -> array.add(random.nextInt(3));
                case 1 -> array.add(random.nextInt(3) + 0.0);
                case 2 -> array.add(chance(0.5) ? "x" : "y");
                case 3 -> array.add(array(false));
                default -> array.addObject().put(KEYS[random.nextInt(2)], random.nextInt(2));
            }
        }
        return array;
    }

    /** Every leaf (scalar, array or null) of {@code object} by its path; empty objects have none. */
    static Map<List<String>, JsonNode> leaves(JsonNode object) {
        Map<List<String>, JsonNode> leaves = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            collect(object, new ArrayList<>(), leaves);
        }
        return leaves;
    }

    private static void collect(JsonNode object, List<String> path, Map<List<String>, JsonNode> leaves) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(member.getKey());
            if (member.getValue().isObject()) {
                collect(member.getValue(), childPath, leaves);
            } else {
                leaves.put(List.copyOf(childPath), member.getValue());
            }
        }
    }

    /** Paths of the objects (empty or not) in {@code object}, itself excluded. */
    static List<List<String>> objectPaths(JsonNode object) {
        List<List<String>> paths = new ArrayList<>();
        objectPaths(object, List.of(), paths);
        return paths;
    }

    private static void objectPaths(JsonNode object, List<String> path, List<List<String>> paths) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (member.getValue().isObject()) {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(member.getKey());
                paths.add(List.copyOf(childPath));
                objectPaths(member.getValue(), childPath, paths);
            }
        }
    }

    /**
     * A value in a form where equal JSON values are equal Java objects: numbers as BigDecimals
     * without trailing zeros, objects as sorted maps, arrays as lists.
     */
    static Object canonical(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.signum() == 0 ? BigDecimal.ZERO : number;
        }
        if (value.isArray()) {
            List<Object> elements = new ArrayList<>();
            value.forEach(element -> elements.add(canonical(element)));
            return elements;
        }
        if (value.isObject()) {
            Map<String, Object> members = new TreeMap<>();
            value.properties().forEach(member -> members.put(member.getKey(), canonical(member.getValue())));
            return members;
        }
        return value;
    }

    static boolean hasEmptyObject(JsonNode node) {
        if (node.isObject() && node.isEmpty()) {
            return true;
        }
        for (JsonNode child : node) {
            if (child.isObject() && hasEmptyObject(child)) {
                return true;
            }
        }
        return false;
    }
}
