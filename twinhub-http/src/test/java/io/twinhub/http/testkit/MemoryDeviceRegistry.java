package io.twinhub.http.testkit;

import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import io.twinhub.core.device.DeviceExistsException;
import io.twinhub.core.device.DevicePage;
import io.twinhub.core.device.DeviceRegistry;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A device registry in memory, for tests: same contract as the durable one (ids in order, merge
 * patch, tokens shown once), tokens kept in clear so that {@link TokenTable} can look them up.
 */
public final class MemoryDeviceRegistry implements DeviceRegistry {

    private record Entry(Device device, String token) { }

    private final ConcurrentSkipListMap<String, Entry> devices = new ConcurrentSkipListMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Runs at the start of every registry call (a test makes calls fail or block with it). */
    public volatile Runnable onCall = () -> { };

    @Override
    public synchronized CreatedDevice create(String id, Map<String, Object> attributes) {
        onCall.run();
        if (devices.containsKey(id)) {
            throw new DeviceExistsException(id);
        }
        long now = System.currentTimeMillis();
        Device d = new Device(id, copy(attributes), now, now);
        String token = newToken();
        devices.put(id, new Entry(d, token));
        return new CreatedDevice(d, token);
    }

    @Override
    public Optional<Device> get(String id) {
        onCall.run();
        return Optional.ofNullable(devices.get(id)).map(Entry::device);
    }

    @Override
    public DevicePage list(String prefix, int limit, String cursor) {
        onCall.run();
        List<Device> page = new ArrayList<>();
        var tail = cursor == null ? devices : devices.tailMap(cursor, false);
        String last = null;
        boolean more = false;
        for (Entry e : tail.values()) {
            if (!e.device().id().startsWith(prefix)) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(e.device());
            last = e.device().id();
        }
        return new DevicePage(page, more ? last : null);
    }

    @Override
    public synchronized Optional<Device> patchAttributes(String id, Map<String, Object> patch) {
        onCall.run();
        Entry e = devices.get(id);
        if (e == null) {
            return Optional.empty();
        }
        Map<String, Object> merged = copy(e.device().attributes());
        mergePatch(merged, patch);
        Device d = new Device(id, merged, e.device().createdAt(), System.currentTimeMillis());
        devices.put(id, new Entry(d, e.token()));
        return Optional.of(d);
    }

    @Override
    public boolean delete(String id) {
        onCall.run();
        return devices.remove(id) != null;
    }

    @Override
    public synchronized Optional<CreatedDevice> rotateToken(String id) {
        onCall.run();
        Entry e = devices.get(id);
        if (e == null) {
            return Optional.empty();
        }
        Device d = new Device(id, e.device().attributes(), e.device().createdAt(), System.currentTimeMillis());
        String token = newToken();
        devices.put(id, new Entry(d, token));
        return Optional.of(new CreatedDevice(d, token));
    }

    @Override
    public boolean verifyToken(String id, byte[] token) {
        Entry e = devices.get(id);
        return e != null && e.token().equals(new String(token, StandardCharsets.UTF_8));
    }

    /** The device whose current token this is. */
    public Optional<String> deviceOfToken(String token) {
        return devices.values().stream().filter(e -> e.token().equals(token)).map(e -> e.device().id()).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static void mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> p : patch.entrySet()) {
            if (p.getValue() == null) {
                target.remove(p.getKey());
            } else if (p.getValue() instanceof Map<?, ?> sub && target.get(p.getKey()) instanceof Map<?, ?> existing) {
                Map<String, Object> m = copy((Map<String, Object>) existing);
                mergePatch(m, (Map<String, Object>) sub);
                target.put(p.getKey(), m);
            } else {
                target.put(p.getKey(), p.getValue());
            }
        }
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    private String newToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
