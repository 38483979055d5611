package io.twinhub.core.device;

import java.util.Optional;

/** Read access to presence, for the REST API's device view. */
public interface PresenceView {

    /** Empty when the device was never seen. */
    Optional<Presence> presence(String deviceId);
}
