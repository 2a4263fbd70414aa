package io.portagent.http;

import io.portagent.auth.BearerTokenMechanism;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call one resource method, read once from its annotations: everyone, nobody, or the
 * holders of any of some roles. A caller who may not gets 401 when anonymous (sign in, then
 * try again), 403 when signed in (a token will not help).
 */
record Access(boolean everyone, Set<String> roles) {

    static final Access EVERYONE = new Access(true, Set.of());
    static final Access NOBODY = new Access(false, Set.of());

    /**
     * The method's annotation, else its class's. A resource method with neither is closed to
     * everyone; a method that is no resource of ours (the container's automatic OPTIONS) is left alone.
     */
    static Optional<Access> of(Class<?> type, Method method) {
        if (type == null || method == null) {
            return Optional.empty();
        }
        Optional<Access> declared = declared(method).or(() -> declared(type));
        if (declared.isPresent() || !isResource(type, method)) {
            return declared;
        }
        return Optional.of(NOBODY);
    }

    private static Optional<Access> declared(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(NOBODY);
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Optional.of(EVERYONE);
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        return roles == null ? Optional.empty() : Optional.of(new Access(false, Set.of(roles.value())));
    }

    private static boolean isResource(Class<?> type, Method method) {
        return type.isAnnotationPresent(Path.class) || method.isAnnotationPresent(Path.class)
                || Arrays.stream(method.getAnnotations()).anyMatch(a -> a.annotationType()
                        .isAnnotationPresent(HttpMethod.class));
    }

    /** The answer for a caller who may not call the method; empty when they may. */
    Optional<Response> refusal(SecurityContext caller) {
        if (everyone || roles.stream().anyMatch(caller::isUserInRole)) {
            return Optional.empty();
        }
        return Optional.of(caller.getUserPrincipal() == null ? unauthorized() : forbidden());
    }

    private static Response unauthorized() {
        return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(BearerTokenMechanism.TOKEN_REQUIRED))
                .build();
    }

    private Response forbidden() {
        return ErrorMappers.error(Response.Status.FORBIDDEN.getStatusCode(), "Access denied: " + needed());
    }

    private String needed() {
        if (roles.isEmpty()) {
            return "this is closed to every caller";
        }
        String names = roles.stream().sorted().map(r -> "'" + r + "'").collect(Collectors.joining(", "));
        return roles.size() == 1 ? "this needs the role " + names : "this needs one of the roles " + names;
    }
}
