package io.portagent.http;

import io.portagent.auth.Accounts;
import io.portagent.auth.AuthResult;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.BearerTokens;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.Registration;
import io.portagent.auth.UserView;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/auth}: configuration, register, login, logout and verify. The HTTP side only
 * (bodies, statuses); the rules live in {@link Accounts}. Open to anyone: each method says so.
 */
@Path("auth")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** {@code GET /api/auth/verify} for a good token. */
    public record Verified(boolean valid, UserView user) {
    }

    /** {@code GET /api/auth/config}. */
    public record AuthConfig(boolean inviteCodeRequired) {
    }

    private Accounts accounts;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    protected AuthResource() {
        // for CDI's client proxy
    }

    @Inject
    public AuthResource(Accounts accounts, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.clientAddress = clientAddress;
    }

    @GET
    @Path("config")
    @PermitAll
    public AuthConfig config() {
        return new AuthConfig(accounts.inviteCodeRequired());
    }

    @POST
    @Path("register")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response register(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        Optional<String> username = JsonBodies.string(json, "username").map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> password = JsonBodies.string(json, "password").filter(s -> !s.isEmpty());
        requireBoth(username, password, "Username and password are required");
        Registration registration = new Registration(username.get(), password.get(), text(json, "inviteCode"),
                text(json, "email"), text(json, "displayName"), text(json, "avatar"));
        return Response.status(201).entity(accounts.register(registration)).build();
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
        String client = clientAddress.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        return accounts.login(login.get(), password.get(), client);
    }

    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Map<String, Boolean> logout() {
        BearerTokens.of(request).ifPresent(accounts::logout);
        return Map.of("success", true);
    }

    @GET
    @Path("verify")
    @PermitAll
    public Response verify() {
        return caller()
                .flatMap(u -> accounts.user(u.userId()))
                .map(user -> Response.ok(new Verified(true, user)).build())
                .orElseGet(() -> Response.status(401).entity(Map.of("valid", false)).build());
    }

    private Optional<AuthenticatedUser> caller() {
        return request.getUserPrincipal() instanceof AuthenticatedUser user ? Optional.of(user) : Optional.empty();
    }

    private static Optional<String> text(JsonObject json, String field) {
        return JsonBodies.string(json, field).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static void requireBoth(Optional<String> first, Optional<String> second, String message) {
        if (first.isEmpty() || second.isEmpty()) {
            throw ApiException.badRequest(message);
        }
    }
}
