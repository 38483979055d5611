package io.twinhub.http.api;

import io.twinhub.http.routing.ApiException;
import io.twinhub.twin.ShadowService;

import java.util.OptionalLong;

/**
 * Shadow versions as HTTP entity tags: a shadow at version 12 has the strong ETag {@code "12"},
 * and {@code If-Match: "12"} asks for the same check as {@code "version":12} in the body.
 */
final class IfMatch {

    /** The rejection message for a version that is not one (docs/SHADOWS.md, "Rejections"). */
    static final String INVALID_VERSION = "Invalid version";

    private IfMatch() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header asks for: {@link ShadowService#ANY_VERSION} when the
     * header is absent or {@code *}; empty when it is not a version. Weak tags ({@code W/"12"})
     * and lists of tags are not: shadow versions are exact, and one request can expect only one.
     */
    static OptionalLong expectedVersion(String header) {
        if (header == null) {
            return OptionalLong.of(ShadowService.ANY_VERSION);
        }
        String value = header.trim();
        if (value.equals("*")) {
            return OptionalLong.of(ShadowService.ANY_VERSION);
        }
        // At most 19 digits between the quotes; longer numbers are never versions.
        if (value.length() < 3 || value.length() > 21 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return OptionalLong.empty();
        }
        String digits = value.substring(1, value.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * A delete has no version check in the contract, so it cannot honour a version precondition;
     * rather than ignore one (and delete what the client meant to protect), it is refused.
     */
    static void refuseOnDelete(String header) {
        if (header != null && !header.trim().equals("*")) {
            throw ApiException.badRequest("a shadow delete takes no If-Match: deletes are not conditional");
        }
    }
}
