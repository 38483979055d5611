package io.twinhub.core.auth;

/**
 * Who a connection or request is, once authenticated, and what it may do.
 *
 * @param kind device, application, admin or anonymous
 * @param name device id, application name, admin token name, or the client id of an anonymous client
 * @param permissions topic rules, already compiled for this principal
 */
public record Principal(Kind kind, String name, Permissions permissions) {

    public enum Kind { DEVICE, APPLICATION, ADMIN, ANONYMOUS }

    /** True when this principal may read or change the device {@code deviceId} over the REST API. */
    public boolean mayManageThing(String deviceId) {
        return switch (kind) {
            case ADMIN -> true;
            case DEVICE -> name.equals(deviceId);
            case APPLICATION -> permissions.mayAccessThing(deviceId);
            case ANONYMOUS -> false;
        };
    }
}
