package io.twinhub.twin;

import io.twinhub.core.device.DeviceIds;

/**
 * The shadow topics of contract §3: {@code P/get|update|delete} requests and their answers,
 * where P is {@code $twin/things/{id}/shadow} or {@code …/shadow/name/{name}}, and the same under
 * {@code $aws/things/…}, an alias for AWS IoT Device SDK clients.
 */
public final class ShadowTopics {

    public static final String TWIN = "$twin";
    public static final String AWS = "$aws";
    private static final String THINGS = "/things/";
    private static final String SHADOW = "/shadow";
    private static final String NAMED = "/shadow/name/";

    /** A request topic taken apart; {@code prefix} is {@link #TWIN} or {@link #AWS}. */
    public record Request(String prefix, ShadowRef ref, ShadowOperation operation) { }

    private ShadowTopics() { }

    /** The request a topic names, or null when it is not a shadow request topic. */
    public static Request parseRequest(String topic) {
        Base base = base(topic);
        if (base == null) {
            return null;
        }
        ShadowOperation op = switch (base.rest) {
            case "get" -> ShadowOperation.GET;
            case "update" -> ShadowOperation.UPDATE;
            case "delete" -> ShadowOperation.DELETE;
            default -> null;
        };
        return op == null ? null : new Request(base.prefix, base.ref, op);
    }

    /**
     * Whether the topic is one the hub publishes its answers on ({@code …/accepted},
     * {@code …/rejected}, {@code update/documents}, {@code update/delta}) under a valid shadow prefix.
     */
    public static boolean isAnswer(String topic) {
        Base base = base(topic);
        if (base == null) {
            return false;
        }
        return switch (base.rest) {
            case "get/accepted", "get/rejected", "update/accepted", "update/rejected", "update/documents",
                 "update/delta", "delete/accepted", "delete/rejected" -> true;
            default -> false;
        };
    }

    /** The topic of an answer, e.g. {@code answer(TWIN, ref, "update/delta")}. */
    public static String answer(String prefix, ShadowRef ref, String suffix) {
        StringBuilder b = new StringBuilder(prefix.length() + ref.thingId().length() + ref.name().length() + 40)
                .append(prefix).append(THINGS).append(ref.thingId());
        if (ref.isClassic()) {
            b.append(SHADOW);
        } else {
            b.append(NAMED).append(ref.name());
        }
        return b.append('/').append(suffix).toString();
    }

    /** The shadow a topic is about, and what follows its prefix. */
    private record Base(String prefix, ShadowRef ref, String rest) { }

    private static Base base(String topic) {
        String prefix;
        if (topic.startsWith(TWIN + THINGS)) {
            prefix = TWIN;
        } else if (topic.startsWith(AWS + THINGS)) {
            prefix = AWS;
        } else {
            return null;
        }
        int idStart = prefix.length() + THINGS.length();
        int idEnd = topic.indexOf('/', idStart);
        if (idEnd < 0 || !topic.startsWith(SHADOW + "/", idEnd)) {
            return null;
        }
        String thingId = topic.substring(idStart, idEnd);
        if (!DeviceIds.isValid(thingId)) {
            return null;
        }
        String name = "";
        int restStart = idEnd + SHADOW.length() + 1;
        if (topic.startsWith(NAMED, idEnd)) {
            int nameStart = idEnd + NAMED.length();
            int nameEnd = topic.indexOf('/', nameStart);
            if (nameEnd < 0) {
                return null;
            }
            name = topic.substring(nameStart, nameEnd);
            if (!ShadowRef.isValidName(name)) {
                return null;
            }
            restStart = nameEnd + 1;
        }
        return new Base(prefix, new ShadowRef(thingId, name), topic.substring(restStart));
    }
}
