package io.twinhub.auth;

import io.twinhub.core.auth.AccessRules;
import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.auth.TopicPermissions;
import io.twinhub.core.device.DeviceIds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Credentials of application clients (back ends, dashboards): a name, the Argon2id hash of a
 * secret, and the {@link AccessRules} the application gets. An application connects over MQTT
 * with user name = its name and password = its secret, and calls the REST API with the secret as
 * a bearer token.
 */
public final class ApplicationCredentials {

    /** An application as the API shows it (never with its secret). */
    public record Application(String name, AccessRules rules, long createdAt, long updatedAt) { }

    /** An application just created, or whose secret was just replaced, with the secret in clear. */
    public record CreatedApplication(Application application, String secret) { }

    record ApplicationRecord(long createdAt, long updatedAt, String secretHash,
                             List<String> publish, List<String> subscribe, List<String> things) { }

    private final JsonRecords<ApplicationRecord> records;
    private final SecretHasher hasher;
    private final LongSupplier clock;

    public ApplicationCredentials(CredentialStore store, SecretHasher hasher) {
        this.records = new JsonRecords<>(store, CredentialStore.Table.APPLICATIONS, ApplicationRecord.class);
        this.hasher = hasher;
        this.clock = System::currentTimeMillis;
    }

    /**
     * @throws IllegalArgumentException for a bad name or a malformed rule
     * @throws IllegalStateException when an application of that name exists
     */
    public CreatedApplication create(String name, AccessRules rules) {
        requireValid(name, rules);
        String secret = Tokens.issue(TokenKind.APPLICATION, name);
        String hash = hasher.hash(secret.getBytes(StandardCharsets.UTF_8));
        return records.locked(() -> {
            if (records.get(name) != null) {
                throw new IllegalStateException("application '" + name + "' already exists");
            }
            long now = clock.getAsLong();
            ApplicationRecord r = new ApplicationRecord(now, now, hash, rules.publish(), rules.subscribe(), rules.things());
            records.put(name, r, false);
            return new CreatedApplication(toApplication(name, r), secret);
        });
    }

    public Optional<Application> get(String name) {
        ApplicationRecord r = DeviceIds.isValid(name) ? records.get(name) : null;
        return r == null ? Optional.empty() : Optional.of(toApplication(name, r));
    }

    public List<Application> list() {
        List<Application> out = new ArrayList<>();
        for (Map.Entry<String, ApplicationRecord> e : records.scan("", null, Integer.MAX_VALUE)) {
            out.add(toApplication(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Replaces the rules; connections already open keep the rules they connected with. */
    public Optional<Application> updateRules(String name, AccessRules rules) {
        requireValid(name, rules);
        return records.locked(() -> {
            ApplicationRecord r = records.get(name);
            if (r == null) {
                return Optional.empty();
            }
            ApplicationRecord updated = new ApplicationRecord(r.createdAt(), clock.getAsLong(), r.secretHash(),
                    rules.publish(), rules.subscribe(), rules.things());
            records.put(name, updated, true);
            return Optional.of(toApplication(name, updated));
        });
    }

    public Optional<CreatedApplication> rotateSecret(String name) {
        if (get(name).isEmpty()) {
            return Optional.empty();
        }
        String secret = Tokens.issue(TokenKind.APPLICATION, name);
        String hash = hasher.hash(secret.getBytes(StandardCharsets.UTF_8));
        return records.locked(() -> {
            ApplicationRecord r = records.get(name);
            if (r == null) {
                return Optional.empty();
            }
            ApplicationRecord updated = new ApplicationRecord(r.createdAt(), clock.getAsLong(), hash,
                    r.publish(), r.subscribe(), r.things());
            records.put(name, updated, true);
            return Optional.of(new CreatedApplication(toApplication(name, updated), secret));
        });
    }

    public boolean delete(String name) {
        return records.deleteIfPresent(name);
    }

    /** The application's rules when {@code secret} is its current secret (slow: not on an event loop). */
    public Optional<AccessRules> verify(String name, byte[] secret) {
        ApplicationRecord r = DeviceIds.isValid(name) ? records.get(name) : null;
        if (r == null || !hasher.verify(r.secretHash(), secret)) {
            return Optional.empty();
        }
        return Optional.of(rules(r));
    }

    /** Called with the name after an application's secret or rules changed, or it was deleted. */
    public void onCredentialChange(Consumer<String> listener) {
        records.onCredentialChange(listener);
    }

    private static void requireValid(String name, AccessRules rules) {
        if (!DeviceIds.isValid(name)) {
            throw new IllegalArgumentException("invalid application name '" + name
                    + "': 1 to " + DeviceIds.MAX_LENGTH + " characters of A-Z a-z 0-9 _ . : -");
        }
        for (List<String> filters : List.of(rules.publish(), rules.subscribe())) {
            for (String f : filters) {
                if (!TopicPermissions.isValidRule(f)) {
                    throw new IllegalArgumentException("invalid topic rule '" + f
                            + "': an MQTT topic filter, with the placeholders {id}, {clientId}, {username}");
                }
            }
        }
    }

    private static AccessRules rules(ApplicationRecord r) {
        return new AccessRules(nonNull(r.publish()), nonNull(r.subscribe()), nonNull(r.things()));
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static Application toApplication(String name, ApplicationRecord r) {
        return new Application(name, rules(r), r.createdAt(), r.updatedAt());
    }
}
