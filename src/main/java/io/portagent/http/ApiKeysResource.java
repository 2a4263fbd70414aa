package io.portagent.http;

import io.portagent.auth.ApiKeyView;
import io.portagent.auth.ApiKeys;
import io.portagent.auth.ClientAddress;
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

/** {@code /api/keys}: the caller's own personal API keys, made (the key shown once), listed and revoked. */
@Path("keys")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private ApiKeys keys;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public ApiKeysResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public ApiKeysResource(ApiKeys keys, ClientAddress clientAddress) {
        this.keys = keys;
        this.clientAddress = clientAddress;
    }

    @POST
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        Optional<Integer> days = JsonBodies.number(json, "expiresInDays")
                .map(n -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
        return Response.status(201).entity(keys.create(Callers.actor(clientAddress, request),
                JsonBodies.string(json, "name").orElse(null), days)).build();
    }

    @GET
    @RolesAllowed(Roles.USER)
    public Map<String, List<ApiKeyView>> list() {
        return Map.of("keys", keys.list(Callers.signedIn(request).userId()));
    }

    @DELETE
    @Path("{keyId}")
    @RolesAllowed(Roles.USER)
    public Map<String, String> revoke(@PathParam("keyId") String keyId) {
        keys.revoke(Callers.actor(clientAddress, request), keyId);
        return Map.of("id", keyId);
    }
}
