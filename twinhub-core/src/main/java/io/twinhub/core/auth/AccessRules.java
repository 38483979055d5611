package io.twinhub.core.auth;

import java.util.List;

/**
 * A principal's rules before compilation: MQTT topic filters for publishing and subscribing, and
 * patterns of the thing ids it may reach over the REST API. Each entry may hold the placeholders
 * {@code {id}}, {@code {clientId}} and {@code {username}}, filled in per principal by
 * {@link TopicPermissions#compile}.
 *
 * @param publish topic filters a PUBLISH topic must match (MQTT wildcards {@code +} and {@code #})
 * @param subscribe topic filters that must contain every topic a SUBSCRIBE filter can match
 * @param things thing-id patterns: an exact id, {@code *} for every id, or a prefix followed by {@code *}
 */
public record AccessRules(List<String> publish, List<String> subscribe, List<String> things) {

    /** What a device may do: everything within its own thing's topics, and nothing else. */
    public static final AccessRules DEVICE = new AccessRules(
            List.of("$twin/things/{id}/#", "$aws/things/{id}/#"),
            List.of("$twin/things/{id}/#", "$aws/things/{id}/#"),
            List.of("{id}"));

    /** No access at all. */
    public static final AccessRules NONE = new AccessRules(List.of(), List.of(), List.of());

    public AccessRules {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        things = List.copyOf(things);
    }
}
