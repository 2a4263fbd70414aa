package io.portagent.auth;

import io.portagent.config.Settings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/auth}: what a client needs to know before it signs in. */
@Path("auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** {@code GET /api/auth/config}. */
    public record AuthConfig(boolean inviteCodeRequired) {
    }

    private Settings settings;

    protected AuthResource() {
        // for CDI's client proxy
    }

    @Inject
    public AuthResource(Settings settings) {
        this.settings = settings;
    }

    @GET
    @Path("config")
    public AuthConfig config() {
        return new AuthConfig(settings.inviteCodeRequired());
    }
}
