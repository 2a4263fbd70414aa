package io.portagent.http;

import io.portagent.auth.Roles;
import io.portagent.config.Version;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /agentx/info}: the version and where the WebSocket lives (relative to the context path). */
@Path("info")
@DenyAll
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    /** The answer. */
    public record Info(String version, String wsPath) {
    }

    @GET
    @RolesAllowed(Roles.USER)
    public Info info() {
        return new Info(Version.current(), "/ws");
    }
}
