package io.portagent.http;

import io.portagent.auth.Actor;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.GroupView;
import io.portagent.auth.Groups;
import io.portagent.auth.Roles;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** {@code /api/admin/groups}: groups, the models they allow, their budgets and members. Admins only. */
@Path("admin/groups")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminGroupsResource {

    private Groups groups;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public AdminGroupsResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminGroupsResource(Groups groups, ClientAddress clientAddress) {
        this.groups = groups;
        this.clientAddress = clientAddress;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<GroupView>> list() {
        return Map.of("groups", groups.list());
    }

    @GET
    @Path("{groupId}")
    @RolesAllowed(Roles.ADMIN)
    public Groups.Detail get(@PathParam("groupId") String groupId) {
        return groups.detail(groupId);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) {
        return Response.status(201).entity(Map.of("group", groups.create(actor(), fields(body)))).build();
    }

    @PATCH
    @Path("{groupId}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Map<String, GroupView> update(@PathParam("groupId") String groupId, InputStream body) {
        return Map.of("group", groups.update(actor(), groupId, fields(body)));
    }

    @DELETE
    @Path("{groupId}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, String> delete(@PathParam("groupId") String groupId) {
        groups.delete(actor(), groupId);
        return Map.of("groupId", groupId);
    }

    @PUT
    @Path("{groupId}/members/{userId}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Map<String, GroupView> addMember(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        return Map.of("group", groups.addMember(actor(), groupId, userId));
    }

    @DELETE
    @Path("{groupId}/members/{userId}")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, GroupView> removeMember(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        return Map.of("group", groups.removeMember(actor(), groupId, userId));
    }

    private static Groups.Fields fields(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        return new Groups.Fields(JsonBodies.string(json, "name"), JsonBodies.string(json, "description"),
                JsonBodies.strings(json, "models").map(m -> m.stream().map(String::strip).toList()),
                JsonBodies.number(json, "dailyTokenLimit"));
    }

    private Actor actor() {
        return Callers.actor(clientAddress, request);
    }
}
