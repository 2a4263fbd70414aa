package io.portagent.http;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Enforces {@code @DenyAll}, {@code @PermitAll} and {@code @RolesAllowed} on every resource
 * method (see {@link Access}). Plain Jakarta REST, so the same check runs on Jersey, RESTEasy and
 * Liberty; the server's own role filters stay off (Payara's: see deploy/payara/README.md).
 */
public class RolesFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Access.of(resource.getResourceClass(), resource.getResourceMethod())
                .filter(access -> !access.everyone())
                .ifPresent(access -> context.register(new Check(access), Priorities.AUTHORIZATION));
    }

    /** The check bound to one resource method: runs after matching, before the body is read. */
    static final class Check implements ContainerRequestFilter {
        private final Access access;

        Check(Access access) {
            this.access = access;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            access.refusal(request.getSecurityContext()).ifPresent(request::abortWith);
        }
    }
}
