package io.portagent.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Jakarta Security's entry for every request: a valid bearer token signs the caller in with the
 * roles of its {@code groups} claim (the container's groups; web.xml and Payara map them to the
 * roles of the same name); a protected URL (a web.xml security constraint) without one answers
 * 401 with a JSON error. On public URLs a missing or bad token just leaves the caller anonymous.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Request attribute holding the signed-in caller's user id, for the access log. */
    public static final String USER_ID_ATTRIBUTE = "io.portagent.userId";
    /** The one sentence for a request that needs a caller and has none. */
    public static final String TOKEN_REQUIRED = "Authentication required: a valid token is missing";

    private Accounts accounts;

    protected BearerTokenMechanism() {
        // for CDI's client proxy
    }

    @Inject
    public BearerTokenMechanism(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Optional<AuthenticatedUser> user = BearerTokens.of(request).flatMap(accounts::authenticate);
        if (user.isPresent()) {
            request.setAttribute(USER_ID_ATTRIBUTE, user.get().userId());
            return context.notifyContainerAboutLogin(user.get(), user.get().roles());
        }
        return context.isProtected() ? unauthorized(response) : context.doNothing();
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write("{\"error\":\"" + TOKEN_REQUIRED + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
