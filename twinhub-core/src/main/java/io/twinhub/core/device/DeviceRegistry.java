package io.twinhub.core.device;

import java.util.Map;
import java.util.Optional;

/**
 * The registry of devices and their token hashes. Methods block until the change is durable, so
 * callers run them off the event loops. Ids are validated by {@link DeviceIds}.
 */
public interface DeviceRegistry {

    /** Creates a device with a new random token; fails with {@link DeviceExistsException} if the id is taken. */
    CreatedDevice create(String id, Map<String, Object> attributes);

    Optional<Device> get(String id);

    /**
     * Devices whose id starts with {@code prefix} (empty: all), after {@code cursor} (null: from the
     * start), at most {@code limit}.
     */
    DevicePage list(String prefix, int limit, String cursor);

    /** JSON merge patch of the attributes (a null value removes a key); empty if there is no such device. */
    Optional<Device> patchAttributes(String id, Map<String, Object> patch);

    /** Removes the device and its credentials; false if there was none. */
    boolean delete(String id);

    /** Replaces the device's token; the old one stops working at once. Empty if there is no such device. */
    Optional<CreatedDevice> rotateToken(String id);

    /** True when {@code token} is the device's current token (a slow hash check: not on an event loop). */
    boolean verifyToken(String id, byte[] token);
}
