package io.portagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.auth.BearerTokenMechanism;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which annotation decides (the method's over the class's, none on a resource means closed), and
 * what each caller gets: nothing in the way, 401 with {@code WWW-Authenticate: Bearer} when
 * anonymous, 403 when signed in without the role; always {@code {"error": ...}}.
 */
class AccessTest {

    @Path("closed")
    @DenyAll
    public static class Closed {
        @GET
        @PermitAll
        public String open() {
            return "";
        }

        @GET
        @RolesAllowed("user")
        public String users() {
            return "";
        }

        @GET
        @Path("inherited")
        public String inherited() {
            return "";
        }
    }

    @Path("roles")
    @RolesAllowed({"user", "admin"})
    public static class ForRoles {
        @GET
        public String either() {
            return "";
        }

        @GET
        @DenyAll
        public String nobody() {
            return "";
        }
    }

    @Path("bare")
    public static class Bare {
        @GET
        public String unannotated() {
            return "";
        }
    }

    /** Not a resource: stands for the container's own methods, such as an automatic OPTIONS. */
    public static class Handler {
        public String apply() {
            return "";
        }
    }

    /** A caller as the JAX-RS runtime presents it: a principal (or none) and the roles they hold. */
    private record Caller(Principal principal, Set<String> roles) implements SecurityContext {
        static final Caller ANONYMOUS = new Caller(null, Set.of());

        static Caller holding(String... roles) {
            return new Caller(() -> "user-1", Set.of(roles));
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal != null && roles.contains(role);
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return principal == null ? null : "Bearer";
        }
    }

    private static Access access(Class<?> type, String method) throws NoSuchMethodException {
        Method m = type.getMethod(method);
        return Access.of(type, m).orElseThrow();
    }

    @Test
    void theMethodsAnnotationWinsOverTheClasss() throws NoSuchMethodException {
        assertEquals(Access.EVERYONE, access(Closed.class, "open"));
        assertEquals(new Access(false, Set.of("user")), access(Closed.class, "users"));
        assertEquals(Access.NOBODY, access(ForRoles.class, "nobody"));
    }

    @Test
    void aMethodWithoutItsOwnAnnotationTakesTheClasss() throws NoSuchMethodException {
        assertEquals(Access.NOBODY, access(Closed.class, "inherited"));
        assertEquals(new Access(false, Set.of("user", "admin")), access(ForRoles.class, "either"));
    }

    @Test
    void aResourceWithoutAnyAnnotationIsClosedAndTheContainersOwnMethodsAreLeftAlone()
            throws NoSuchMethodException {
        assertEquals(Access.NOBODY, access(Bare.class, "unannotated"));
        assertEquals(Optional.empty(), Access.of(Handler.class, Handler.class.getMethod("apply")));
        assertEquals(Optional.empty(), Access.of(null, null));
    }

    @Test
    void everyoneIsLetThroughAPublicMethod() {
        assertEquals(Optional.empty(), Access.EVERYONE.refusal(Caller.ANONYMOUS));
        assertEquals(Optional.empty(), Access.EVERYONE.refusal(Caller.holding()));
    }

    @Test
    void aCallerHoldingAnyOfTheRolesIsLetThrough() {
        Access access = new Access(false, Set.of("user", "admin"));
        assertEquals(Optional.empty(), access.refusal(Caller.holding("user")));
        assertEquals(Optional.empty(), access.refusal(Caller.holding("admin", "other")));
    }

    @Test
    void anAnonymousCallerGets401WithTheBearerChallenge() {
        for (Access access : new Access[] {new Access(false, Set.of("user")), Access.NOBODY}) {
            Response refusal = access.refusal(Caller.ANONYMOUS).orElseThrow();
            assertEquals(401, refusal.getStatus());
            assertEquals("Bearer", refusal.getHeaderString("WWW-Authenticate"));
            assertEquals(new ErrorBody(BearerTokenMechanism.TOKEN_REQUIRED), refusal.getEntity());
            assertEquals("application/json", refusal.getMediaType().toString());
        }
    }

    @Test
    void aSignedInCallerWithoutTheRoleGets403NamingWhatIsNeeded() {
        assertForbidden("Access denied: this needs the role 'user'", new Access(false, Set.of("user")));
        assertForbidden("Access denied: this needs one of the roles 'admin', 'user'",
                new Access(false, Set.of("user", "admin")));
        assertForbidden("Access denied: this is closed to every caller", Access.NOBODY);
    }

    private static void assertForbidden(String sentence, Access access) {
        Response refusal = access.refusal(Caller.holding("guest")).orElseThrow();
        assertEquals(403, refusal.getStatus());
        assertEquals(null, refusal.getHeaderString("WWW-Authenticate"));
        assertEquals(new ErrorBody(sentence), refusal.getEntity());
        assertEquals("application/json", refusal.getMediaType().toString());
    }
}
