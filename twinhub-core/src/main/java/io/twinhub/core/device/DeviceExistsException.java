package io.twinhub.core.device;

/** A device with that id is already registered. */
public final class DeviceExistsException extends RuntimeException {
    public DeviceExistsException(String id) {
        super("device '" + id + "' already exists");
    }
}
