package io.twinhub.core.device;

/**
 * Whether a device is online, per the contract's presence rules.
 *
 * @param online connected (or heartbeat seen within the window)
 * @param since epoch seconds of the last change of {@code online}
 * @param lastSeen epoch seconds anything was last received from the device
 */
public record Presence(boolean online, long since, long lastSeen) {
}
