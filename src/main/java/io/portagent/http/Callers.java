package io.portagent.http;

import io.portagent.auth.Actor;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Who sent a request, and from which client address (behind a trusted proxy, the one it saw). */
final class Callers {

    private Callers() {
    }

    static Optional<AuthenticatedUser> of(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof AuthenticatedUser user ? Optional.of(user) : Optional.empty();
    }

    /** The caller of a method that requires a role (the role check has let only signed-in callers through). */
    static AuthenticatedUser signedIn(HttpServletRequest request) {
        return of(request).orElseThrow(() -> new ApiException(401,
                io.portagent.auth.BearerTokenMechanism.TOKEN_REQUIRED));
    }

    static String ip(ClientAddress addresses, HttpServletRequest request) {
        return addresses.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /** The signed-in caller as the audit log names them. */
    static Actor actor(ClientAddress addresses, HttpServletRequest request) {
        return Actor.of(signedIn(request), ip(addresses, request));
    }

    /** A whole-number query parameter, or the default; anything else is a 400 naming it. */
    static int intParam(String value, String name, int defaultValue) {
        Long number = longParam(value, name);
        if (number != null && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
            throw ApiException.badRequest("Parameter '" + name + "' is out of range");
        }
        return number == null ? defaultValue : number.intValue();
    }

    /** A whole-number query parameter, or null when absent; anything else is a 400 naming it. */
    static Long longParam(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a whole number");
        }
    }
}
