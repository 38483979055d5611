package io.twinhub.http;

import java.util.Optional;

/**
 * One readiness condition of the node (a listener is up, the store accepts writes). Cheap and
 * non-blocking: {@code /health/ready} calls every check on each probe.
 */
@FunctionalInterface
public interface HealthCheck {

    HealthCheck OK = Optional::empty;

    /** Empty when the condition holds; else a short reason, shown to unauthenticated callers (no paths, no secrets). */
    Optional<String> problem();
}
