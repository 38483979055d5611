package io.twinhub.http.api;

import io.twinhub.core.auth.Principal;
import io.twinhub.http.routing.ApiException;

/**
 * Who may do what with devices over REST (see docs/HTTP-API.md):
 * <ul>
 *   <li>read one device, post its heartbeat and use its shadows: anyone for whom {@link Principal#mayManageThing}
 *       holds, so a device for itself, an application for the devices its rules grant, an admin for all;</li>
 *   <li>create, list, change, delete, rotate the token: admins, and applications for the devices
 *       their rules grant; never a device.</li>
 * </ul>
 */
final class ThingAccess {

    private ThingAccess() {
    }

    static void requireRead(Principal p, String id) {
        if (!p.mayManageThing(id)) {
            throw ApiException.forbidden("not allowed to access thing '" + id + "'");
        }
    }

    static void requireAdminister(Principal p, String id) {
        requireManager(p);
        if (!p.mayManageThing(id)) {
            throw ApiException.forbidden("not allowed to manage thing '" + id + "'");
        }
    }

    /** Admins and applications; device tokens cannot manage the registry. */
    static void requireManager(Principal p) {
        if (p.kind() != Principal.Kind.ADMIN && p.kind() != Principal.Kind.APPLICATION) {
            throw ApiException.forbidden("a " + p.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " token cannot manage things; use an admin or application token");
        }
    }
}
