package io.portagent.http;

import io.portagent.auth.Audit;
import io.portagent.auth.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/audit}: the audit log, filtered, newest first, a page at a time. Admins only. */
@Path("admin/audit")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {

    static final int MAX_LIMIT = 500;

    private Audit audit;

    public AdminAuditResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminAuditResource(Audit audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Audit.Page find(@QueryParam("action") String action, @QueryParam("userId") String userId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("before") String before) {
        int max = Callers.intParam(limit, "limit", 100);
        if (max < 1 || max > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be from 1 to " + MAX_LIMIT);
        }
        return audit.find(new Audit.Query(blankToNull(action), blankToNull(userId),
                Callers.longParam(from, "from"), Callers.longParam(to, "to"), Callers.longParam(before, "before"),
                max));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
