package io.portagent.auth;

import java.security.Principal;
import java.util.Set;

/**
 * The caller behind a verified token: who (id and name), which container, which token (for logout), which
 * roles, and whether they must change their password before anything else.
 */
public record AuthenticatedUser(String userId, String username, String containerId, String tokenId, long tokenIssuedAtMs, long tokenExpiresAtMs,
        Set<String> roles, boolean mustChangePassword) implements Principal {

    @Override
    public String getName() {
        return userId;
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }
}
