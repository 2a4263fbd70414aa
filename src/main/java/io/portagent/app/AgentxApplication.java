package io.portagent.app;

import io.portagent.http.InfoResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** {@code /agentx}: what a signed-in client needs to reach the agent. */
@ApplicationPath("agentx")
public class AgentxApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return JaxRs.classes(InfoResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return JaxRs.PROPERTIES;
    }
}
