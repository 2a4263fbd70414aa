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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code /api/conversations}: a conversation of the caller's own, exported as Markdown or JSON. */
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
