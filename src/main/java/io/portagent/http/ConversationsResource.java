package io.portagent.http;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Caller;
import io.portagent.agent.Conversation;
import io.portagent.agent.History;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import io.portagent.agent.ImportedMessage;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code /api/conversations}: a conversation of the caller's own exported as Markdown or JSON; a JSON export imported. */
@Path("conversations")
@DenyAll
@RequestScoped
public class ConversationsResource {

    private AgentRuntime runtime;

    @Context
    private HttpServletRequest request;

    protected ConversationsResource() {
        // for CDI's client proxy
    }

    @Inject
    public ConversationsResource(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /** Imports are larger than other bodies: a long conversation with tool output. */
    static final int IMPORT_LIMIT = 8 * 1024 * 1024;

    /** A JSON export (of this service, by anyone) as a new conversation of the caller's. */
    @POST
    @Path("import")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importExport(InputStream body) {
        JsonObject json = JsonBodies.object(body, IMPORT_LIMIT);
        if (!ConversationExport.JSON_FORMAT.equals(json.getString("format", null))
                || !(json.get("conversation") instanceof JsonObject about)
                || !(json.get("messages") instanceof JsonArray messages)) {
            throw ApiException.badRequest("This is not a Portagent conversation export (format \""
                    + ConversationExport.JSON_FORMAT + "\" with conversation and messages)");
        }
        List<ImportedMessage> imported = new ArrayList<>();
        for (JsonValue value : messages) {
            if (!(value instanceof JsonObject m) || !(m.get("subtype") instanceof JsonString subtype)) {
                throw ApiException.badRequest("messages[" + imported.size() + "] needs a subtype");
            }
            imported.add(new ImportedMessage(subtype.getString(), m.getOrDefault("content", JsonValue.NULL),
                    m.getJsonNumber("timestamp") == null ? System.currentTimeMillis()
                            : m.getJsonNumber("timestamp").longValue()));
        }
        AuthenticatedUser user = Callers.signedIn(request);
        try {
            Conversation created = runtime.conversations().importConversation(new Caller(user.userId(),
                    user.containerId()), JsonBodies.string(about, "name"), JsonBodies.string(about, "systemPrompt"),
                    JsonBodies.string(about, "model"), imported);
            return Response.status(201).entity(Map.of("imageId", created.id(), "name", created.name(),
                    "messages", imported.size())).build();
        } catch (AgentException e) {
            throw new ApiException("storage_full".equals(e.code()) ? 503 : 400, e.getMessage());
        }
    }

    /** Another user's conversation answers the same 404 as a missing one. */
    @GET
    @Path("{imageId}/export")
    @RolesAllowed(Roles.USER)
    public Response export(@PathParam("imageId") String imageId, @QueryParam("format") String format) {
        String chosen = format == null || format.isBlank() ? "markdown" : format;
        if (!chosen.equals("markdown") && !chosen.equals("json")) {
            throw ApiException.badRequest("format must be markdown or json");
        }
        AuthenticatedUser user = Callers.signedIn(request);
        Caller caller = new Caller(user.userId(), user.containerId());
        Conversation conversation;
        History history;
        try {
            conversation = runtime.conversations().require(caller, imageId);
            history = runtime.snapshot(caller, imageId);
        } catch (AgentException e) {
            throw new ApiException("not_found".equals(e.code()) ? 404 : 400, e.getMessage());
        }
        boolean json = chosen.equals("json");
        String body = json ? ConversationExport.json(conversation, history, System.currentTimeMillis())
                : ConversationExport.markdown(conversation, history);
        String name = ConversationExport.fileName(conversation, json ? "json" : "md");
        return Response.ok(body, json ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                        + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("Cache-Control", "no-store").build();
    }
}
