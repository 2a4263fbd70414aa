package io.portagent.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Where a request carries its token: {@code Authorization: Bearer <jwt>}, or {@code ?token=<jwt>} for clients that cannot set headers. */
public final class BearerTokens {

    private static final String PREFIX = "bearer ";

    private BearerTokens() {
    }

    public static Optional<String> of(HttpServletRequest request) {
        return of(request.getHeader("Authorization"), request.getParameter("token"));
    }

    public static Optional<String> of(String authorization, String queryToken) {
        if (authorization != null && authorization.length() > PREFIX.length()
                && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of(authorization.substring(PREFIX.length()).strip());
        }
        return Optional.ofNullable(queryToken).map(String::strip).filter(t -> !t.isEmpty());
    }
}
