package io.portagent.auth;

import java.security.Principal;

/** The caller behind a verified token: who, which container, and which token (for logout). */
public record AuthenticatedUser(String userId, String containerId, String tokenId, long tokenExpiresAtMs)
        implements Principal {

    @Override
    public String getName() {
        return userId;
    }
}
