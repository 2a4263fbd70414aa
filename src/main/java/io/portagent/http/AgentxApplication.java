package io.portagent.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** {@code /agentx}: what a signed-in client needs to reach the agent. Protected in web.xml. */
@ApplicationPath("agentx")
public class AgentxApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(InfoResource.class, ErrorMappers.Unexpected.class, ErrorMappers.WebFailure.class,
                ErrorMappers.Refusal.class, ErrorMappers.AuthFailure.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
