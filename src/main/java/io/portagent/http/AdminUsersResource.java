package io.portagent.http;

import io.portagent.auth.AdminUser;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.Roles;
import io.portagent.auth.UserAdmin;
import io.portagent.auth.UserDirectory;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/admin/users}: the admin console's users (list, detail, create, change, reset, delete). Admins only. */
@Path("admin/users")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    /** {@code POST /api/admin/users}: the temporary password only when one was generated. */
    public record Created(AdminUser user, String temporaryPassword) {
    }

    /** {@code GET /api/admin/users}. */
    public record Listed(java.util.List<AdminUser> users, int total) {
    }

    private UserAdmin users;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public AdminUsersResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminUsersResource(UserAdmin users, ClientAddress clientAddress) {
        this.users = users;
        this.clientAddress = clientAddress;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Listed list(@QueryParam("query") String query, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("sort") String sort, @QueryParam("order") String order) {
        UserDirectory.Page page = users.directory().page(query == null ? "" : query,
                sort == null ? "username" : sort, order == null ? "asc" : order,
                Callers.intParam(offset, "offset", 0), Callers.intParam(limit, "limit", 50));
        return new Listed(page.users(), page.total());
    }

    @GET
    @Path("{userId}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, AdminUser> get(@PathParam("userId") String userId) {
        return Map.of("user", users.directory().get(userId));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        String username = JsonBodies.text(json, "username")
                .orElseThrow(() -> ApiException.badRequest("Username is required"));
        UserAdmin.Created created = users.create(actor(), new UserAdmin.NewUser(username,
                JsonBodies.string(json, "password").filter(p -> !p.isEmpty()), JsonBodies.text(json, "email"),
                JsonBodies.text(json, "displayName"), JsonBodies.bool(json, "admin").orElse(false)));
        Object entity = created.temporaryPassword() == null ? Map.of("user", created.user())
                : new Created(created.user(), created.temporaryPassword());
        return Response.status(201).entity(entity).build();
    }

    @PATCH
    @Path("{userId}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Map<String, AdminUser> update(@PathParam("userId") String userId, InputStream body) {
        JsonObject json = JsonBodies.object(body);
        return Map.of("user", users.update(actor(), userId, new UserAdmin.Patch(JsonBodies.bool(json, "isActive"),
                JsonBodies.strings(json, "roles"), JsonBodies.string(json, "displayName"),
                JsonBodies.text(json, "email"))));
    }

    @POST
    @Path("{userId}/password-reset")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Map<String, String> resetPassword(@PathParam("userId") String userId) {
        return Map.of("temporaryPassword", users.resetPassword(actor(), userId));
    }

    @DELETE
    @Path("{userId}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, String> delete(@PathParam("userId") String userId) {
        users.delete(actor(), userId);
        return Map.of("userId", userId);
    }

    private io.portagent.auth.Actor actor() {
        return Callers.actor(clientAddress, request);
    }
}
