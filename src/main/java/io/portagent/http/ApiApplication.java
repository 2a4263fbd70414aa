package io.portagent.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The JSON API under {@code /api}. Resources are CDI beans, so they take constructor injection. */
@ApplicationPath("api")
public class ApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AuthResource.class, ErrorMappers.Unexpected.class, ErrorMappers.WebFailure.class,
                ErrorMappers.Refusal.class, ErrorMappers.AuthFailure.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: it needs JAXB, which this WAR does not carry, and no client uses it.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
