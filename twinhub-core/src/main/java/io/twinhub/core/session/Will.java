package io.twinhub.core.session;

import io.twinhub.core.message.Message;

/**
 * A client's last will: published when its connection ends without a normal DISCONNECT,
 * after {@code delaySeconds} (MQTT 5 Will Delay Interval) unless the session is resumed first.
 *
 * @param message the will, without expiry: its clock starts when it is published
 * @param delaySeconds Will Delay Interval
 * @param expirySeconds Message Expiry Interval of the will, -1 when none
 */
public record Will(Message message, long delaySeconds, long expirySeconds) {

    /** The message to publish now, its expiry counted from {@code nowMillis}. */
    public Message toPublish(long nowMillis) {
        return expirySeconds < 0 ? message : message.withExpiresAt(nowMillis + expirySeconds * 1000);
    }
}
