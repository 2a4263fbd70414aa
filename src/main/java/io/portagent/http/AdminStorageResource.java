package io.portagent.http;

import io.portagent.auth.Roles;
import io.portagent.auth.StorageReport;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/storage}: what each user stores, largest workspace first. Admins only. */
@Path("admin/storage")
@DenyAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminStorageResource {

    private StorageReport storage;

    public AdminStorageResource() {
        // for CDI's client proxy, and public for RESTEasy, which wants a public constructor it can check
    }

    @Inject
    public AdminStorageResource(StorageReport storage) {
        this.storage = storage;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public StorageReport.Report report() {
        return storage.report();
    }
}
