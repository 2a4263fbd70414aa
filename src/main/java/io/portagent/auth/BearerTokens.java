package io.portagent.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Where a request carries its token: {@code Authorization: Bearer <jwt>}, or {@code ?token=<jwt>} for clients that cannot set headers. */
public final class BearerTokens {

    private static final String PREFIX = "bearer ";

    private BearerTokens() {
    }

    public static Optional<String> of(HttpServletRequest request) {
        return of(request.getHeader("Authorization"), queryToken(request.getQueryString()));
    }

    /**
     * {@code token} from the query string only. {@code getParameter} would also read a form body,
     * consuming the JSON that a client sent without a content type.
     */
    static String queryToken(String query) {
        return queryValue(query, "token");
    }

    /** The first value of {@code name} in the query string, decoded; null if it has none. */
    static String queryValue(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public static Optional<String> of(String authorization, String queryToken) {
        if (authorization != null && authorization.length() > PREFIX.length()
                && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of(authorization.substring(PREFIX.length()).strip());
        }
        return Optional.ofNullable(queryToken).map(String::strip).filter(t -> !t.isEmpty());
    }
}
