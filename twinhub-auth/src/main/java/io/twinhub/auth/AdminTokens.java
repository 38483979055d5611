package io.twinhub.auth;

import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.device.DeviceIds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Named admin tokens (full access to the REST API), stored as Argon2id hashes. On a node's first
 * start {@link #bootstrap} creates the first one, named {@value #BOOTSTRAP_NAME}.
 */
public final class AdminTokens {

    public static final String BOOTSTRAP_NAME = "admin";

    record AdminTokenRecord(long createdAt, String tokenHash) { }

    private final JsonRecords<AdminTokenRecord> records;
    private final SecretHasher hasher;

    public AdminTokens(CredentialStore store, SecretHasher hasher) {
        this.records = new JsonRecords<>(store, CredentialStore.Table.ADMIN_TOKENS, AdminTokenRecord.class);
        this.hasher = hasher;
    }

    /**
     * Creates the first admin token when there is none yet, and returns it in clear: the only time
     * it can be shown. Empty when admin tokens exist already.
     */
    public Optional<String> bootstrap() {
        if (!names().isEmpty()) {
            return Optional.empty();
        }
        String token = Tokens.issue(TokenKind.ADMIN, BOOTSTRAP_NAME);
        String hash = hasher.hash(token.getBytes(StandardCharsets.UTF_8));
        return records.locked(() -> {
            if (!records.scan("", null, 1).isEmpty()) {
                return Optional.empty();
            }
            records.put(BOOTSTRAP_NAME, new AdminTokenRecord(System.currentTimeMillis(), hash), false);
            return Optional.of(token);
        });
    }

    /**
     * Creates (or replaces) the admin token {@code name} and returns it in clear.
     *
     * @throws IllegalArgumentException for a bad name
     */
    public String create(String name) {
        if (!DeviceIds.isValid(name)) {
            throw new IllegalArgumentException("invalid admin token name '" + name + "'");
        }
        String token = Tokens.issue(TokenKind.ADMIN, name);
        String hash = hasher.hash(token.getBytes(StandardCharsets.UTF_8));
        records.locked(() -> {
            records.put(name, new AdminTokenRecord(System.currentTimeMillis(), hash), true);
            return null;
        });
        return token;
    }

    public boolean delete(String name) {
        return records.deleteIfPresent(name);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, AdminTokenRecord> e : records.scan("", null, Integer.MAX_VALUE)) {
            out.add(e.getKey());
        }
        return out;
    }

    /** True when {@code token} is the current token named {@code name} (slow: not on an event loop). */
    public boolean verify(String name, byte[] token) {
        AdminTokenRecord r = DeviceIds.isValid(name) ? records.get(name) : null;
        return r != null && hasher.verify(r.tokenHash(), token);
    }

    /** Called with the name after an admin token was replaced or deleted. */
    public void onCredentialChange(Consumer<String> listener) {
        records.onCredentialChange(listener);
    }
}
