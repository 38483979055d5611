package io.twinhub.core.device;

/**
 * A device just created, or whose token was just rotated, with the token in clear text: the only
 * moment it exists outside the device; the registry keeps a slow hash of it.
 */
public record CreatedDevice(Device device, String token) {
}
