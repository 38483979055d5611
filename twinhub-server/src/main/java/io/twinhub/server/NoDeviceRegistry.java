package io.twinhub.server;

import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import io.twinhub.core.device.DevicePage;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.core.store.StoreUnavailableException;

import java.util.Map;
import java.util.Optional;

/** The registry of a node that has none: every call is refused as unavailable. */
final class NoDeviceRegistry implements DeviceRegistry {

    private static StoreUnavailableException none() {
        return new StoreUnavailableException("no device registry configured");
    }

    @Override public CreatedDevice create(String id, Map<String, Object> attributes) { throw none(); }
    @Override public Optional<Device> get(String id) { throw none(); }
    @Override public DevicePage list(String prefix, int limit, String cursor) { throw none(); }
    @Override public Optional<Device> patchAttributes(String id, Map<String, Object> patch) { throw none(); }
    @Override public boolean delete(String id) { throw none(); }
    @Override public Optional<CreatedDevice> rotateToken(String id) { throw none(); }
    @Override public boolean verifyToken(String id, byte[] token) { return false; }
}
