package io.twinhub.http.api;

import io.twinhub.core.device.Device;
import io.twinhub.core.device.Presence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of a device in the API. Times of the device are epoch milliseconds, of presence epoch seconds. */
final class DeviceViews {

    private DeviceViews() {
    }

    static Map<String, Object> device(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("attributes", d.attributes() == null ? Map.of() : d.attributes());
        m.put("createdAt", d.createdAt());
        m.put("updatedAt", d.updatedAt());
        return m;
    }

    static Map<String, Object> withToken(Device d, String token) {
        Map<String, Object> m = device(d);
        m.put("token", token);
        return m;
    }

    /** {@code presence} is null (JSON null) for a device never seen since it was created. */
    static Map<String, Object> withPresence(Device d, Optional<Presence> presence) {
        Map<String, Object> m = device(d);
        m.put("presence", presence.map(DeviceViews::presence).orElse(null));
        return m;
    }

    private static Map<String, Object> presence(Presence p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("online", p.online());
        m.put("since", p.since());
        m.put("lastSeen", p.lastSeen());
        return m;
    }
}
