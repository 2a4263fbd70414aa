package io.portagent.http;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Attachment;
import io.portagent.agent.Attachments;
import io.portagent.agent.Caller;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/**
 * {@code /api/conversations/{imageId}/attachments}: a file for a later {@code message_send}
 * (the body is the file, its type the {@code Content-Type}, its name {@code ?name=}), and an
 * attachment's bytes back, for thumbnails. Owner only: another user's conversation is a 404.
 */
@Path("conversations/{imageId}/attachments")
@DenyAll
@RequestScoped
public class AttachmentsResource {

    private AgentRuntime runtime;

    @Context
    private HttpServletRequest request;

    public AttachmentsResource() {
        // for CDI's client proxy
    }

    @Inject
    public AttachmentsResource(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @POST
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("imageId") String imageId, @QueryParam("name") String name,
            @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        Attachments attachments = runtime.attachments();
        if (length != null && length > attachments.maxBytes()) {
            throw refusal(attachments.tooLarge(name == null || name.isBlank() ? "The file" : name));
        }
        try {
            Attachment saved = attachments.upload(caller(), imageId, name == null ? "" : name, contentType, body);
            return Response.status(201).entity(Map.of("attachmentId", saved.id(), "name", saved.name(),
                    "mediaType", saved.mediaType(), "size", saved.size())).build();
        } catch (AgentException e) {
            throw refusal(e);
        }
    }

    @GET
    @Path("{attachmentId}")
    @RolesAllowed(Roles.USER)
    public Response download(@PathParam("imageId") String imageId,
            @PathParam("attachmentId") String attachmentId) {
        try {
            Attachments.Stored stored = runtime.attachments().open(caller(), imageId, attachmentId);
            // served as a download in a sandbox, never rendered as a page of this origin
            return Response.ok(stored.file().toFile(), stored.attachment().mediaType())
                    .header("Content-Disposition", "attachment; filename=\"" + stored.attachment().name()
                            .replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                    .header("Content-Security-Policy", "sandbox").header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "private, max-age=3600").build();
        } catch (AgentException e) {
            throw refusal(e);
        }
    }

    private Caller caller() {
        AuthenticatedUser user = Callers.signedIn(request);
        return new Caller(user.userId(), user.containerId());
    }

    private static ApiException refusal(AgentException e) {
        return switch (e.code()) {
            case "not_found" -> new ApiException(404, e.getMessage());
            case "attachment_too_large" -> new ApiException(413, e.getMessage());
            case "attachment_type", "attachment_mismatch" -> new ApiException(415, e.getMessage());
            case "storage_full", "storage_error" -> new ApiException(503, e.getMessage());
            default -> new ApiException(400, e.getMessage());
        };
    }
}
