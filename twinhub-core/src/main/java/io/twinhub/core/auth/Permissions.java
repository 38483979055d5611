package io.twinhub.core.auth;

/**
 * Topic rules compiled for one principal. Called on the hot path (every PUBLISH and SUBSCRIBE),
 * so implementations precompile everything and allocate nothing per check.
 */
public interface Permissions {

    boolean mayPublish(String topic);

    /** True when every topic the filter can match is allowed for subscribing. */
    boolean maySubscribe(String filter);

    /** REST access to one device's data (shadows, telemetry, commands) for application principals. */
    boolean mayAccessThing(String deviceId);

    /** Everything allowed: admins, and anonymous clients where anonymous access is on. */
    Permissions ALL = new Permissions() {
        @Override public boolean mayPublish(String topic) { return true; }
        @Override public boolean maySubscribe(String filter) { return true; }
        @Override public boolean mayAccessThing(String deviceId) { return true; }
    };
}
