package io.portagent.app;

import io.portagent.http.AdminUsageResource;
import io.portagent.http.AuthResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The JSON API under {@code /api}. Resources are CDI beans, so they take constructor injection. */
@ApplicationPath("api")
public class ApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return JaxRs.classes(AuthResource.class, AdminUsageResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return JaxRs.PROPERTIES;
    }
}
