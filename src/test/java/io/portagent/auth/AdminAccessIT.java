package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 200/401/403 grid of the admin API against the WAR: every {@code /api/admin} endpoint with
 * no token (401), a user's token (403, and an {@code access_denied} audit entry), an admin's (its
 * 2xx) and the token of an admin since disabled (401). Each call gets fresh targets, so a delete
 * in one cell takes nothing from another.
 */
class AdminAccessIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder());
    static final AdminApi admin = new AdminApi(app);

    private static Account chief;
    private static Account user;
    private static String disabledAdminToken;

    /** Who calls. */
    enum Bearer {
        NONE, USER, ADMIN, DISABLED_ADMIN
    }

    /** One endpoint: its method, a path with fresh targets each time, a body, and the admin's status. */
    private record Endpoint(String method, String template, Supplier<String> path, String body, int status) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @BeforeAll
    static void callers() {
        chief = admin.newAdmin("chief");
        user = admin.newUser("plain");
        Account former = admin.newAdmin("former");
        disabledAdminToken = former.token();
        admin.expect(200, chief.token(), "PATCH", "api/admin/users/" + former.userId(), "{\"isActive\":false}");
    }

    private static String freshUser() {
        return admin.newUser("target").userId();
    }

    private static String freshGroup() {
        return admin.expect(201, chief.token(), "POST", "api/admin/groups", "{\"name\":\"g-" + System.nanoTime()
                + "\"}").getJsonObject("group").getString("groupId");
    }

    private static String freshInvite() {
        return admin.expect(201, chief.token(), "POST", "api/admin/invites", "{}").getString("code");
    }

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "api/admin/users", () -> "api/admin/users?query=t&limit=5", null, 200),
                new Endpoint("POST", "api/admin/users", () -> "api/admin/users", null, 201),
                new Endpoint("GET", "api/admin/users/{userId}", () -> "api/admin/users/" + freshUser(), null, 200),
                new Endpoint("PATCH", "api/admin/users/{userId}", () -> "api/admin/users/" + freshUser(),
                        "{\"displayName\":\"Renamed\"}", 200),
                new Endpoint("DELETE", "api/admin/users/{userId}", () -> "api/admin/users/" + freshUser(), null, 200),
                new Endpoint("POST", "api/admin/users/{userId}/password-reset",
                        () -> "api/admin/users/" + freshUser() + "/password-reset", "", 200),
                new Endpoint("GET", "api/admin/groups", () -> "api/admin/groups", null, 200),
                new Endpoint("POST", "api/admin/groups", () -> "api/admin/groups", null, 201),
                new Endpoint("GET", "api/admin/groups/{groupId}", () -> "api/admin/groups/" + freshGroup(), null, 200),
                new Endpoint("PATCH", "api/admin/groups/{groupId}", () -> "api/admin/groups/" + freshGroup(),
                        "{\"dailyTokenLimit\":500}", 200),
                new Endpoint("DELETE", "api/admin/groups/{groupId}", () -> "api/admin/groups/" + freshGroup(), null,
                        200),
                new Endpoint("PUT", "api/admin/groups/{groupId}/members/{userId}",
                        () -> "api/admin/groups/" + freshGroup() + "/members/" + freshUser(), "", 200),
                new Endpoint("DELETE", "api/admin/groups/{groupId}/members/{userId}",
                        () -> "api/admin/groups/" + freshGroup() + "/members/" + freshUser(), null, 200),
                new Endpoint("GET", "api/admin/invites", () -> "api/admin/invites", null, 200),
                new Endpoint("POST", "api/admin/invites", () -> "api/admin/invites", "{\"maxUses\":2}", 201),
                new Endpoint("DELETE", "api/admin/invites/{code}", () -> "api/admin/invites/" + freshInvite(), null,
                        200),
                new Endpoint("GET", "api/admin/audit", () -> "api/admin/audit?limit=10", null, 200),
                new Endpoint("GET", "api/admin/storage", () -> "api/admin/storage", null, 200),
                new Endpoint("GET", "api/admin/usage", () -> "api/admin/usage?from=2026-01-01", null, 200),
                new Endpoint("GET", "api/admin/settings", () -> "api/admin/settings", null, 200),
                new Endpoint("PATCH", "api/admin/settings", () -> "api/admin/settings",
                        "{\"USER_DAILY_TOKEN_LIMIT\":null}", 200));
    }

    static Stream<Arguments> cells() {
        return endpoints().stream().flatMap(e -> Arrays.stream(Bearer.values()).map(b -> Arguments.of(e, b)));
    }

    @Test
    void theGridHasOneRowForEveryAdminEndpoint() {
        Set<String> rows = endpoints().stream().map(Endpoint::toString).collect(Collectors.toSet());
        assertEquals(AccessGridIT.served().stream().filter(e -> e.contains(" api/admin/") || e.endsWith(" api/admin"))
                .collect(Collectors.toSet()), rows);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cells")
    void eachAdminEndpointAnswersEachCallerAsItsRoleSays(Endpoint endpoint, Bearer bearer) {
        String body = endpoint.body() != null ? endpoint.body() : endpoint.method().equals("POST")
                ? createBody(endpoint) : null;
        int deniedBefore = admin.auditCount("access_denied", user.userId());
        Http.Reply reply = admin.call(token(bearer), endpoint.method(), endpoint.path().get(), body);
        switch (bearer) {
            case NONE, DISABLED_ADMIN -> {
                assertEquals(401, reply.status(), reply::body);
                assertEquals("Bearer", reply.header("WWW-Authenticate"));
            }
            case USER -> {
                assertEquals(403, reply.status(), reply::body);
                assertEquals("Access denied: this needs the role 'admin'", reply.json().getString("error"));
                assertEquals(deniedBefore + 1, admin.auditCount("access_denied", user.userId()),
                        "a non-admin at an admin endpoint is audited");
            }
            case ADMIN -> assertEquals(endpoint.status(), reply.status(), reply::body);
        }
    }

    private static String createBody(Endpoint endpoint) {
        return endpoint.template().equals("api/admin/users")
                ? "{\"username\":\"" + AuthApi.newUsername("made") + "\"}"
                : "{\"name\":\"made-" + System.nanoTime() + "\",\"models\":[\"m-1\"]}";
    }

    private static String token(Bearer bearer) {
        return switch (bearer) {
            case NONE -> null;
            case USER -> user.token();
            case ADMIN -> chief.token();
            case DISABLED_ADMIN -> disabledAdminToken;
        };
    }
}
