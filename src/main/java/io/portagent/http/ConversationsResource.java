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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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

    public ConversationsResource() {
        // for CDI's client proxy
    }

    @Inject
    public ConversationsResource(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The caller's conversations whose messages contain {@code q}: {@code {results:[{imageId,
     * before, match, after, timestamp}]}}, newest first, one per conversation; never anyone else's.
     */
    @GET
    @Path("search")
    @RolesAllowed(Roles.USER)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> search(@QueryParam("q") String q) {
        AuthenticatedUser user = Callers.signedIn(request);
        try {
            List<Map<String, Object>> results = runtime.search().find(new Caller(user.userId(), user.containerId()), q)
                    .stream().map(hit -> Map.<String, Object>of("imageId", hit.conversationId(), "before", hit.before(),
                            "match", hit.match(), "after", hit.after(), "timestamp", hit.timestamp())).toList();
            return Map.of("results", results);
        } catch (AgentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
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

    /**
     * Every conversation of the caller's as one ZIP: each as JSON (importable) and as Markdown,
     * named by title and id. Built in memory: a user's conversations are text.
     */
    @GET
    @Path("export.zip")
    @RolesAllowed(Roles.USER)
    public Response exportAll() {
        AuthenticatedUser user = Callers.signedIn(request);
        Caller caller = new Caller(user.userId(), user.containerId());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long now = System.currentTimeMillis();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Conversation conversation : runtime.conversations().list(caller)) {
                History history;
                try {
                    history = runtime.snapshot(caller, conversation.id());
                } catch (AgentException e) {
                    continue; // deleted while the archive was being written
                }
                String base = ConversationExport.fileName(conversation, "").replaceAll("\\.$", "") + "-"
                        + conversation.id().substring(0, 8);
                entry(zip, "conversations/" + base + ".json", ConversationExport.json(conversation, history, now));
                entry(zip, "conversations/" + base + ".md", ConversationExport.markdown(conversation, history));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(bytes.toByteArray(), "application/zip").header("Content-Disposition",
                "attachment; filename=\"portagent-" + user.username().replaceAll("[^A-Za-z0-9._-]", "_") + ".zip\"")
                .header("Cache-Control", "no-store").build();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
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
