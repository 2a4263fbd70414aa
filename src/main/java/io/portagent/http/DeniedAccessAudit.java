package io.portagent.http;

import io.portagent.auth.Actor;
import io.portagent.auth.Audit;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.ClientAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Audits every signed-in caller the role check refused on the admin API ({@code access_denied}):
 * a user probing {@code /api/admin/*} shows in the audit log. Runs on the refused answer, which
 * the role check gave before any resource ran.
 */
@Provider
@RequestScoped
public class DeniedAccessAudit implements ContainerResponseFilter {

    private Audit audit;
    private ClientAddress clientAddress;

    @Context
    private HttpServletRequest request;

    public DeniedAccessAudit() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public DeniedAccessAudit(Audit audit, ClientAddress clientAddress) {
        this.audit = audit;
        this.clientAddress = clientAddress;
    }

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
        String path = requestContext.getUriInfo().getPath();
        if (response.getStatus() == 403 && path.startsWith("admin")
                && requestContext.getSecurityContext().getUserPrincipal() instanceof AuthenticatedUser user) {
            audit.record("access_denied", Actor.of(user, Callers.ip(clientAddress, request)), user.userId(),
                    user.username(), Map.of("method", requestContext.getMethod(), "path", "/api/" + path));
        }
    }
}
