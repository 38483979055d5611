package io.twinhub.core.device;

import java.util.Map;

/**
 * A registered device (a "thing").
 *
 * @param id 1–128 characters of {@code [A-Za-z0-9_.:-]}
 * @param attributes free-form JSON object (values are String, Number, Boolean, null, List or Map)
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds of the last attribute change or token rotation
 */
public record Device(String id, Map<String, Object> attributes, long createdAt, long updatedAt) {
}
