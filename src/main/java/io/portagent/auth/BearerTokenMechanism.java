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
import java.util.Set;

/**
 * Jakarta Security's entry for every request: a valid bearer token signs the caller in with the
 * roles of its {@code groups} claim (the container's groups; web.xml and Payara map them to the
 * roles of the same name); a protected URL (a web.xml security constraint) without one answers
 * 401 with a JSON error. The socket ({@code /ws}) also takes a single-use ticket ({@link WsTickets})
 * in place of the token. On public URLs a missing or bad token just leaves the caller anonymous.
 * A token of an account that must change its password reaches only the few {@code /api/auth}
 * paths needed to do so; everything else, {@code /ws} included, answers 403.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Request attribute holding the signed-in caller's user id, for the access log. */
    public static final String USER_ID_ATTRIBUTE = "io.portagent.userId";
    /** The one sentence for a request that needs a caller and has none. */
    public static final String TOKEN_REQUIRED = "Authentication required: a valid token is missing";
    /** What a token that must change its password still reaches (besides registering or signing in anew). */
    static final Set<String> BEFORE_PASSWORD_CHANGE = Set.of("/api/auth/verify", "/api/auth/me",
            "/api/auth/password", "/api/auth/logout", "/api/auth/logout-all", "/api/auth/config",
            "/api/auth/login", "/api/auth/register");

    /** The only path that takes a socket ticket ({@code ?ticket=}) instead of a token. */
    static final String SOCKET_PATH = "/ws";
    /** Request attribute holding the caller a ticket stood for: a ticket is redeemed once, however often this runs. */
    private static final String TICKET_USER = "io.portagent.ticketUser";

    private Accounts accounts;
    private WsTickets tickets;

    protected BearerTokenMechanism() {
        // for CDI's client proxy
    }

    @Inject
    public BearerTokenMechanism(Accounts accounts, WsTickets tickets) {
        this.accounts = accounts;
        this.tickets = tickets;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Optional<AuthenticatedUser> user = BearerTokens.of(request).flatMap(accounts::authenticate)
                .or(() -> socketTicket(request));
        if (user.isPresent()) {
            request.setAttribute(USER_ID_ATTRIBUTE, user.get().userId());
            if (user.get().mustChangePassword() && !BEFORE_PASSWORD_CHANGE.contains(path(request))) {
                return refuse(response, 403, "{\"error\":\"Password change required\",\"code\":"
                        + "\"password_change_required\"}");
            }
            return context.notifyContainerAboutLogin(user.get(), user.get().roles());
        }
        return context.isProtected() ? unauthorized(response) : context.doNothing();
    }

    /** The caller of a socket ticket on {@code /ws}, redeemed at most once per request. */
    private Optional<AuthenticatedUser> socketTicket(HttpServletRequest request) {
        if (request.getAttribute(TICKET_USER) instanceof AuthenticatedUser redeemed) {
            return Optional.of(redeemed);
        }
        String ticket = SOCKET_PATH.equals(path(request)) ? BearerTokens.queryValue(request.getQueryString(), "ticket")
                : null;
        Optional<AuthenticatedUser> user = ticket == null ? Optional.empty() : tickets.redeem(ticket);
        user.ifPresent(u -> request.setAttribute(TICKET_USER, u));
        return user;
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", "Bearer");
        return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"error\":\"" + TOKEN_REQUIRED + "\"}");
    }

    private static AuthenticationStatus refuse(HttpServletResponse response, int status, String json) {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** The request's path below the context path, e.g. {@code /api/auth/me}. */
    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
