package io.twinhub.core.presence;

import io.twinhub.core.device.Presence;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.routing.Router;

import java.nio.charset.StandardCharsets;

/** Publishes presence changes. */
@FunctionalInterface
public interface PresenceAnnouncer {

    /**
     * @param topic the device's presence topic, the same String every time: retained entries and
     *              pending writes share it, and its hash is computed once
     */
    void announce(String deviceId, String topic, Presence presence);

    /**
     * The contract's announcement: a retained QoS 1 message on {@code $twin/things/{id}/presence}
     * with {@code {"online":…,"since":…,"lastSeen":…}}, published by the hub itself. Subscribers
     * get it at once; the store gets it with the next batch of presence documents ({@code writes}).
     */
    static PresenceAnnouncer retainedOn(Router router, PresenceWrites writes) {
        return (deviceId, topic, p) -> {
            Message document = new Message(topic, 1, true, new BytesPayload(PresenceDocument.encode(p)), MessageProperties.NONE,
                    Message.NO_EXPIRY, null);
            writes.add(document);
            router.publishNowStoredByCaller(document);
        };
    }

    static String json(Presence p) {
        return new String(PresenceDocument.encode(p), StandardCharsets.US_ASCII);
    }
}
