package io.twinhub.auth;

import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import io.twinhub.core.device.DeviceExistsException;
import io.twinhub.core.device.DeviceIds;
import io.twinhub.core.device.DevicePage;
import io.twinhub.core.device.DeviceRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The device registry on a {@link CredentialStore}: one JSON record per device id holding its
 * attributes and the Argon2id hash of its token. The clear token exists only in the
 * {@link CreatedDevice} returned by {@link #create} and {@link #rotateToken}.
 */
public final class StoredDeviceRegistry implements DeviceRegistry {

    /** The stored form of a device. */
    record DeviceRecord(long createdAt, long updatedAt, String tokenHash, Map<String, Object> attributes) { }

    public static final int MAX_PAGE = 1000;

    private final JsonRecords<DeviceRecord> records;
    private final SecretHasher hasher;
    private final LongSupplier clock;

    public StoredDeviceRegistry(CredentialStore store, SecretHasher hasher) {
        this(store, hasher, System::currentTimeMillis);
    }

    StoredDeviceRegistry(CredentialStore store, SecretHasher hasher, LongSupplier clock) {
        this.records = new JsonRecords<>(store, CredentialStore.Table.DEVICES, DeviceRecord.class);
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public CreatedDevice create(String id, Map<String, Object> attributes) {
        requireValid(id);
        String token = Tokens.issue(TokenKind.DEVICE, id);
        String hash = hasher.hash(token.getBytes(StandardCharsets.UTF_8));  // slow: outside the lock
        Map<String, Object> attrs = attributes == null ? Map.of() : new LinkedHashMap<>(attributes);
        return records.locked(() -> {
            if (records.get(id) != null) {
                throw new DeviceExistsException(id);
            }
            long now = clock.getAsLong();
            DeviceRecord r = new DeviceRecord(now, now, hash, attrs);
            records.put(id, r, false);
            return new CreatedDevice(toDevice(id, r), token);
        });
    }

    @Override
    public Optional<Device> get(String id) {
        if (!DeviceIds.isValid(id)) {
            return Optional.empty();
        }
        DeviceRecord r = records.get(id);
        return r == null ? Optional.empty() : Optional.of(toDevice(id, r));
    }

    @Override
    public DevicePage list(String prefix, int limit, String cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        int n = Math.min(limit, MAX_PAGE);
        List<Map.Entry<String, DeviceRecord>> found = records.scan(prefix == null ? "" : prefix, cursor, n + 1);
        List<Device> page = new ArrayList<>(Math.min(found.size(), n));
        for (int i = 0; i < found.size() && i < n; i++) {
            page.add(toDevice(found.get(i).getKey(), found.get(i).getValue()));
        }
        String next = found.size() > n ? page.get(n - 1).id() : null;
        return new DevicePage(List.copyOf(page), next);
    }

    @Override
    public Optional<Device> patchAttributes(String id, Map<String, Object> patch) {
        if (!DeviceIds.isValid(id)) {
            return Optional.empty();
        }
        return records.locked(() -> {
            DeviceRecord r = records.get(id);
            if (r == null) {
                return Optional.empty();
            }
            Map<String, Object> merged = MergePatch.apply(r.attributes(), patch);
            DeviceRecord updated = new DeviceRecord(r.createdAt(), clock.getAsLong(), r.tokenHash(), merged);
            records.put(id, updated, false);
            return Optional.of(toDevice(id, updated));
        });
    }

    @Override
    public boolean delete(String id) {
        return records.deleteIfPresent(id);
    }

    @Override
    public Optional<CreatedDevice> rotateToken(String id) {
        if (!DeviceIds.isValid(id) || records.get(id) == null) {
            return Optional.empty();
        }
        String token = Tokens.issue(TokenKind.DEVICE, id);
        String hash = hasher.hash(token.getBytes(StandardCharsets.UTF_8));
        return records.locked(() -> {
            DeviceRecord r = records.get(id);
            if (r == null) {
                return Optional.empty();
            }
            DeviceRecord updated = new DeviceRecord(r.createdAt(), clock.getAsLong(), hash, r.attributes());
            records.put(id, updated, true);
            return Optional.of(new CreatedDevice(toDevice(id, updated), token));
        });
    }

    @Override
    public boolean verifyToken(String id, byte[] token) {
        if (!DeviceIds.isValid(id) || token == null) {
            return false;
        }
        DeviceRecord r = records.get(id);
        return r != null && hasher.verify(r.tokenHash(), token);
    }

    /** Called with the device id after its token was rotated or the device deleted. */
    public void onCredentialChange(Consumer<String> listener) {
        records.onCredentialChange(listener);
    }

    private static void requireValid(String id) {
        if (!DeviceIds.isValid(id)) {
            throw new IllegalArgumentException("invalid device id '" + id
                    + "': 1 to " + DeviceIds.MAX_LENGTH + " characters of A-Z a-z 0-9 _ . : -");
        }
    }

    private static Device toDevice(String id, DeviceRecord r) {
        Map<String, Object> attrs = r.attributes() == null ? Map.of() : r.attributes();
        return new Device(id, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attrs)), r.createdAt(), r.updatedAt());
    }
}
