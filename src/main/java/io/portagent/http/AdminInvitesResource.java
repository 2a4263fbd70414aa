package io.portagent.http;

import io.portagent.auth.ClientAddress;
import io.portagent.auth.InviteView;
import io.portagent.auth.Invites;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/admin/invites}: invite codes for {@code REGISTRATION=invite}, made, listed and revoked. Admins only. */
@Path("admin/invites")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminInvitesResource {

    /** {@code POST /api/admin/invites}. */
    @JsonbNillable
    public record Created(String code, long expiresAt, int maxUses, String note) {
    }

    private Invites invites;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public AdminInvitesResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminInvitesResource(Invites invites, ClientAddress clientAddress) {
        this.invites = invites;
        this.clientAddress = clientAddress;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<InviteView>> list() {
        return Map.of("invites", invites.list());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        InviteView invite = invites.create(Callers.actor(clientAddress, request), integer(json, "expiresInHours"),
                integer(json, "maxUses"), JsonBodies.text(json, "note"));
        return Response.status(201).entity(new Created(invite.code(), invite.expiresAt(), invite.maxUses(),
                invite.note())).build();
    }

    @DELETE
    @Path("{code}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, String> revoke(@PathParam("code") String code) {
        invites.revoke(Callers.actor(clientAddress, request), code);
        return Map.of("code", code);
    }

    private static Optional<Integer> integer(JsonObject json, String field) {
        return JsonBodies.number(json, field).map(n -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
    }
}
