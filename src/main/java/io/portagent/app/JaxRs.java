package io.portagent.app;

import io.portagent.http.ErrorMappers;
import io.portagent.http.RolesFeature;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What every JAX-RS application of Portagent carries besides its resources. */
final class JaxRs {

    /** No WADL: it needs JAXB, which this WAR does not carry, and no client uses it. */
    static final Map<String, Object> PROPERTIES = Map.of("jersey.config.server.wadl.disableWadl", true);

    private JaxRs() {
    }

    /** The resources with the access check and the error mappers. */
    static Set<Class<?>> classes(Class<?>... resources) {
        Set<Class<?>> classes = new HashSet<>(Set.of(resources));
        classes.addAll(Set.of(RolesFeature.class, ErrorMappers.Unexpected.class, ErrorMappers.WebFailure.class,
                ErrorMappers.Refusal.class, ErrorMappers.AuthFailure.class));
        return Set.copyOf(classes);
    }
}
