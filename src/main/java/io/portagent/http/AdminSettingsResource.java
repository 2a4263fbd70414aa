package io.portagent.http;

import io.portagent.auth.ClientAddress;
import io.portagent.auth.ConsoleSettings;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/admin/settings}: the providers, models and daily limit, where each comes from, and
 * the values an admin stores beneath the operator's. Provider keys are never sent, only whether
 * they are set. Admins only.
 */
@Path("admin/settings")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminSettingsResource {

    private ConsoleSettings settings;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public AdminSettingsResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminSettingsResource(ConsoleSettings settings, ClientAddress clientAddress) {
        this.settings = settings;
        this.clientAddress = clientAddress;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Map<String, List<ConsoleSettings.Entry>> list() {
        return Map.of("settings", settings.list());
    }

    /** A JSON object of key to value, or to null to remove the stored value. */
    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)
    public Map<String, List<ConsoleSettings.Entry>> change(InputStream body) {
        JsonObject json = JsonBodies.object(body);
        if (json.isEmpty()) {
            throw ApiException.badRequest("Name at least one setting to change");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        json.forEach((key, value) -> changes.put(key, text(key, value)));
        return Map.of("settings", settings.change(Callers.actor(clientAddress, request), changes));
    }

    private static String text(String key, JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            return n.bigIntegerValue().toString();
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        throw ApiException.badRequest("The value of " + key + " must be a string, a whole number or null");
    }
}
