package io.twinhub.auth;

import io.twinhub.core.device.DeviceIds;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues and reads tokens of the form {@code <prefix><owner>.<secret>}: the kind's prefix
 * ({@code thd_}, {@code tha_}, {@code thk_}), the id of what it belongs to (a device id, an
 * application name, an admin token name) and 32 random bytes in base64url without padding.
 *
 * <p>The owner is part of the token so that a bearer token alone says whose hash to check: the
 * hashes are salted, so they cannot be looked up by value. The owner is not secret.
 */
public final class Tokens {

    /** Random bytes per token: 256 bits. */
    public static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What a token says about itself. */
    public record Parsed(TokenKind kind, String owner) { }

    private Tokens() { }

    public static String issue(TokenKind kind, String owner) {
        if (!DeviceIds.isValid(owner)) {
            throw new IllegalArgumentException("not a valid id: " + owner);
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return kind.prefix() + owner + "." + ENCODER.encodeToString(secret);
    }

    /** The kind and owner of a token of ours, or null when {@code token} is not shaped like one. */
    public static Parsed parse(String token) {
        if (token == null) {
            return null;
        }
        for (TokenKind kind : TokenKind.values()) {
            if (token.startsWith(kind.prefix())) {
                int dot = token.lastIndexOf('.');
                if (dot <= kind.prefix().length() || dot == token.length() - 1) {
                    return null;
                }
                String owner = token.substring(kind.prefix().length(), dot);
                return DeviceIds.isValid(owner) ? new Parsed(kind, owner) : null;
            }
        }
        return null;
    }
}
