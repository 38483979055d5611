package io.twinhub.http.api;

import io.twinhub.http.routing.ApiException;
import io.twinhub.twin.ShadowService;

/**
 * Shadow versions as HTTP entity tags: a shadow at version 12 has the strong ETag {@code "12"},
 * and {@code If-Match: "12"} asks for the same check as {@code "version":12} in the body.
 */
final class IfMatch {

    private static final String USAGE = "If-Match must be one version in quotes, as in the ETag (\"12\"), or *";

    private IfMatch() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header asks for: {@link ShadowService#ANY_VERSION} when the
     * header is absent or {@code *}. Weak tags ({@code W/"12"}) and lists of tags are refused (400):
     * shadow versions are exact, and one request can expect only one of them.
     */
    static long expectedVersion(String header) {
        if (header == null) {
            return ShadowService.ANY_VERSION;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return ShadowService.ANY_VERSION;
        }
        if (value.length() < 3 || value.length() > 20 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            throw ApiException.badRequest(USAGE);
        }
        String digits = value.substring(1, value.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw ApiException.badRequest(USAGE);
            }
        }
        return Long.parseLong(digits);
    }
}
