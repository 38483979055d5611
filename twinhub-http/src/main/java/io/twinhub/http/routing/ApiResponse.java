package io.twinhub.http.routing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers, independent of the HTTP version it goes out on.
 *
 * @param status HTTP status code
 * @param contentType media type of {@code body}, or null when there is no body
 * @param body the bytes to send (empty for none)
 * @param headers extra response headers
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value), Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0], Map.of());
    }

    public static ApiResponse error(int status, String message) {
        return json(status, Json.error(status, message));
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(h));
    }
}
