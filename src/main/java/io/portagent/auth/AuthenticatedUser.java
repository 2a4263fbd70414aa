package io.portagent.auth;

import java.security.Principal;
import java.util.Set;

/** The caller behind a verified token: who, which container, which token (for logout) and which roles. */
public record AuthenticatedUser(String userId, String containerId, String tokenId, long tokenExpiresAtMs,
        Set<String> roles) implements Principal {

    @Override
    public String getName() {
        return userId;
    }
}
