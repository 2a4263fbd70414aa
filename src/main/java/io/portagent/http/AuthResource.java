package io.portagent.http;

import io.portagent.auth.Accounts;
import io.portagent.auth.AuthException;
import io.portagent.auth.AuthResult;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.BearerTokens;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.OidcSignIn;
import io.portagent.auth.Profiles;
import io.portagent.auth.ProxySignIn;
import io.portagent.auth.Registration;
import io.portagent.auth.Roles;
import io.portagent.auth.SignIn;
import io.portagent.auth.Signup;
import io.portagent.auth.UserView;
import io.portagent.auth.WsTickets;
import io.portagent.config.Settings.RegistrationMode;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/auth}: configuration, register, login, logout and verify for anyone; the caller's own
 * account (me, password, sign out everywhere) and socket tickets for signed-in users. The HTTP side only (bodies,
 * statuses); the rules live in auth.
 */
@Path("auth")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** {@code GET /api/auth/verify} for a good token. */
    public record Verified(boolean valid, UserView user, List<String> roles, boolean mustChangePassword) {
    }

    /** {@code GET /api/auth/config}; {@code oidc} is the sign-in button's name, when OIDC is configured. */
    public record AuthConfig(boolean inviteCodeRequired, String registration, boolean proxyLogin, String oidc) {
    }

    private Accounts accounts;
    private SignIn signIn;
    private Signup signup;
    private Profiles profiles;
    private ClientAddress clientAddress;
    private WsTickets tickets;
    private ProxySignIn proxySignIn;
    private OidcSignIn oidcSignIn;

    @Context
    private HttpServletRequest request;

    public AuthResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AuthResource(Accounts accounts, SignIn signIn, Signup signup, Profiles profiles,
            ClientAddress clientAddress, WsTickets tickets, ProxySignIn proxySignIn, OidcSignIn oidcSignIn) {
        this.accounts = accounts;
        this.signIn = signIn;
        this.signup = signup;
        this.profiles = profiles;
        this.clientAddress = clientAddress;
        this.tickets = tickets;
        this.proxySignIn = proxySignIn;
        this.oidcSignIn = oidcSignIn;
    }

    @GET
    @Path("config")
    @PermitAll
    public AuthConfig config() {
        return new AuthConfig(signup.mode() == RegistrationMode.INVITE, signup.mode().wireName(), proxySignIn.enabled(),
                oidcSignIn.displayName().orElse(null));
    }

    @POST
    @Path("register")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response register(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        Optional<String> username = JsonBodies.text(json, "username");
        Optional<String> password = JsonBodies.string(json, "password").filter(s -> !s.isEmpty());
        requireBoth(username, password, "Username and password are required");
        Registration registration = new Registration(username.get(), password.get(), JsonBodies.text(json,
                "inviteCode"), JsonBodies.text(json, "email"), JsonBodies.text(json, "displayName"),
                JsonBodies.text(json, "avatar"));
        return Response.status(201).entity(signup.register(registration, ip())).build();
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public AuthResult login(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        Optional<String> login = JsonBodies.string(json, "usernameOrEmail").filter(s -> !s.isBlank());
        Optional<String> password = JsonBodies.string(json, "password").filter(s -> !s.isEmpty());
        requireBoth(login, password, "usernameOrEmail and password are required");
        return signIn.login(login.get(), password.get(), ip());
    }

    /**
     * Sign-in by the fronting SSO proxy's header (AUTH_PROXY_HEADER), believed only from the
     * connection's own peer in AUTH_PROXY_TRUSTED, never from a forwarded address.
     */
    @POST
    @Path("proxy-login")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public AuthResult proxyLogin() {
        return proxySignIn.login(request.getRemoteAddr(), request::getHeader, ip());
    }

    /**
     * The end of an OpenID Connect sign-in ({@link OidcServlet} did the rest): the app's token the
     * callback handed over in its short-lived cookie, or the reason it could not, as any sign-in's
     * error. The cookie is cleared either way.
     */
    @POST
    @Path("oidc/session")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response oidcSession() {
        String handoff = OidcServlet.cookie(request, OidcSignIn.HANDOFF_COOKIE);
        String cleared = OidcSignIn.HANDOFF_COOKIE + "=; Path=" + request.getContextPath()
                + "/api/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax";
        try {
            return Response.ok(oidcSignIn.session(handoff)).header("Set-Cookie", cleared).build();
        } catch (AuthException e) {
            Response refused = new ErrorMappers.AuthFailure().toResponse(e);
            return Response.fromResponse(refused).header("Set-Cookie", cleared).build();
        }
    }

    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Map<String, Boolean> logout() {
        BearerTokens.of(request).ifPresent(token -> accounts.logout(token, ip()));
        return Map.of("success", true);
    }

    @POST
    @Path("logout-all")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    public Map<String, Boolean> logoutAll() {
        accounts.logoutAll(Callers.signedIn(request), ip());
        return Map.of("success", true);
    }

    /** A single-use ticket for {@code /ws?ticket=}, so that the token stays out of the socket's URL. */
    @POST
    @Path("ws-ticket")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    public Map<String, String> socketTicket() {
        return Map.of("ticket", tickets.issue(Callers.signedIn(request)));
    }

    @GET
    @Path("verify")
    @PermitAll
    public Response verify() {
        return Callers.of(request)
                .map(u -> profiles.me(u))
                .map(me -> Response.ok(new Verified(true, me.user(), me.roles(), me.mustChangePassword())).build())
                .orElseGet(() -> Response.status(401).entity(Map.of("valid", false)).build());
    }

    @GET
    @Path("me")
    @RolesAllowed(Roles.USER)
    public Profiles.Me me() {
        return profiles.me(Callers.signedIn(request));
    }

    @PATCH
    @Path("me")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    public Map<String, UserView> updateMe(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        return Map.of("user", profiles.update(Callers.signedIn(request), JsonBodies.string(json, "displayName"),
                JsonBodies.string(json, "avatar"), JsonBodies.string(json, "email")));
    }

    @POST
    @Path("password")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    public Map<String, String> changePassword(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        Optional<String> current = JsonBodies.string(json, "currentPassword").filter(s -> !s.isEmpty());
        Optional<String> next = JsonBodies.string(json, "newPassword").filter(s -> !s.isEmpty());
        requireBoth(current, next, "currentPassword and newPassword are required");
        AuthenticatedUser caller = Callers.signedIn(request);
        return Map.of("token", profiles.changePassword(caller, current.get(), next.get(), ip()));
    }

    private String ip() {
        return Callers.ip(clientAddress, request);
    }

    private static void requireBoth(Optional<String> first, Optional<String> second, String message) {
        if (first.isEmpty() || second.isEmpty()) {
            throw ApiException.badRequest(message);
        }
    }
}
