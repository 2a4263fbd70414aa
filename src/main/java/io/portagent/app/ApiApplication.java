package io.portagent.app;

import io.portagent.http.AdminUsageResource;
import io.portagent.http.AdminAuditResource;
import io.portagent.http.AdminGroupsResource;
import io.portagent.http.AdminInvitesResource;
import io.portagent.http.AdminSettingsResource;
import io.portagent.http.AdminStorageResource;
import io.portagent.http.AdminUsersResource;
import io.portagent.http.ApiKeysResource;
import io.portagent.http.AttachmentsResource;
import io.portagent.http.AuthResource;
import io.portagent.http.ConversationsResource;
import io.portagent.http.DeniedAccessAudit;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The JSON API under {@code /api}. Resources are CDI beans, so they take constructor injection. */
@ApplicationPath("api")
public class ApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return JaxRs.classes(AuthResource.class, AdminUsersResource.class, AdminGroupsResource.class,
                AdminInvitesResource.class, AdminAuditResource.class, AdminStorageResource.class,
                AdminUsageResource.class, AdminSettingsResource.class, ApiKeysResource.class, ConversationsResource.class,
                AttachmentsResource.class,
                DeniedAccessAudit.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return JaxRs.PROPERTIES;
    }
}
