package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.portagent.app.AgentxApplication;
import io.portagent.app.ApiApplication;
import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.WsClient;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 200/401/403 grid against the WAR: every endpoint of {@code /api} and {@code /agentx}, one
 * row each with the role it needs, called with each named token. Without a valid token a
 * protected endpoint answers 401 with the Bearer challenge, with a valid token lacking the role
 * 403, with a good token (new, or old without {@code groups}) its 2xx; public endpoints answer
 * everyone. The socket's handshake follows the same grid.
 */
class AccessGridIT {

    private static final String SECRET = "access-grid-test-secret-0123456789-abcdef";
    private static final String PASSWORD = "secret123";
    private static final String PUBLIC = null;

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("JWT_SECRET", SECRET));
    static final AuthApi api = new AuthApi(app);

    private static String username;
    private static String userId;

    /** The tokens a caller may bring, each good or bad in one named way. */
    enum Bearer {
        NONE, GARBAGE, ALG_NONE, SIGNED_WITH_ANOTHER_KEY, EXPIRED, GROUPS_WITHOUT_THE_ROLE, ISSUED_BY_LOGIN,
        OLD_WITHOUT_GROUPS;

        Optional<String> token() {
            SecretKey key = ForgedTokens.key(SECRET);
            return switch (this) {
                case NONE -> Optional.empty();
                case GARBAGE -> Optional.of("not-a-token");
                case ALG_NONE -> Optional.of(ForgedTokens.algNone(ForgedTokens.signed(key, userId)));
                case SIGNED_WITH_ANOTHER_KEY -> Optional.of(ForgedTokens.signed(
                        ForgedTokens.key("another-secret-of-enough-length-0123456789"), userId));
                case EXPIRED -> Optional.of(ForgedTokens.expired(key, userId));
                case GROUPS_WITHOUT_THE_ROLE -> Optional.of(ForgedTokens.withGroups(key, userId, "guest"));
                case ISSUED_BY_LOGIN -> Optional.of(api.login(username, PASSWORD).json().getString("token"));
                case OLD_WITHOUT_GROUPS -> Optional.of(ForgedTokens.withoutGroups(key, userId));
            };
        }

        boolean signsIn() {
            return this == GROUPS_WITHOUT_THE_ROLE || this == ISSUED_BY_LOGIN || this == OLD_WITHOUT_GROUPS;
        }

        boolean holdsUser() {
            return this == ISSUED_BY_LOGIN || this == OLD_WITHOUT_GROUPS;
        }
    }

    /**
     * One endpoint: the role it needs ({@code PUBLIC}: none), its answer to a signed-in caller
     * and to an anonymous one (the same unless the endpoint itself tells them apart), and a body.
     */
    private record Endpoint(String method, String path, String role, int signedIn, int anonymous, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "api/auth/config", PUBLIC, 200, 200, null),
                new Endpoint("POST", "api/auth/register", PUBLIC, 201, 201, "register"),
                new Endpoint("POST", "api/auth/login", PUBLIC, 200, 200, "login"),
                new Endpoint("POST", "api/auth/logout", PUBLIC, 200, 200, ""),
                // no AUTH_PROXY_HEADER here: 404 whoever asks (ProxySignInIT has it configured)
                new Endpoint("POST", "api/auth/proxy-login", PUBLIC, 404, 404, ""),
                // no OIDC_ISSUER here either (OidcSignInIT has it)
                new Endpoint("POST", "api/auth/oidc/session", PUBLIC, 404, 404, ""),
                new Endpoint("GET", "api/auth/verify", PUBLIC, 200, 401, null),
                new Endpoint("GET", "api/auth/me", Roles.USER, 200, 401, null),
                new Endpoint("PATCH", "api/auth/me", Roles.USER, 200, 401, "{}"),
                new Endpoint("POST", "api/auth/password", Roles.USER, 400, 401, "wrong-password"),
                new Endpoint("POST", "api/auth/ws-ticket", Roles.USER, 200, 401, ""),
                new Endpoint("GET", "api/keys", Roles.USER, 200, 401, null),
                new Endpoint("POST", "api/keys", Roles.USER, 201, 401, "{\"name\":\"grid\"}"),
                new Endpoint("DELETE", "api/keys/{keyId}", Roles.USER, 404, 401, null),
                // no such conversation of the caller's: 404, as another user's would be
                new Endpoint("GET", "api/conversations/{imageId}/export", Roles.USER, 404, 401, null),
                new Endpoint("POST", "api/conversations/{imageId}/attachments", Roles.USER, 404, 401, "hello"),
                new Endpoint("GET", "api/conversations/{imageId}/attachments/{attachmentId}", Roles.USER, 404, 401,
                        null),
                new Endpoint("POST", "api/conversations/import", Roles.USER, 400, 401, "{}"),
                new Endpoint("GET", "api/conversations/export.zip", Roles.USER, 200, 401, null),
                // no q: nothing to look for, an empty list; only ever the caller's own conversations
                new Endpoint("GET", "api/conversations/search", Roles.USER, 200, 401, null),
                new Endpoint("GET", "agentx/info", Roles.USER, 200, 401, null),
                // last: it ends every earlier session of the caller (the grid's tokens are issued per cell)
                new Endpoint("POST", "api/auth/logout-all", Roles.USER, 200, 401, ""));
    }

    @BeforeAll
    static void registerTheCaller() {
        username = newUsername("grid");
        userId = api.registered(username, PASSWORD).getJsonObject("user").getString("userId");
    }

    /** The admin API has grids of its own, with admin tokens: {@link AdminAccessIT}, {@link AdminUsageIT}. */
    @Test
    void theGridHasOneRowForEveryEndpointTheApplicationsServe() {
        Set<String> rows = endpoints().stream().map(Endpoint::toString).collect(Collectors.toSet());
        assertEquals(served().stream().filter(e -> !e.contains(" api/admin")).collect(Collectors.toSet()), rows);
    }

    static Stream<Arguments> cells() {
        return endpoints().stream().flatMap(e -> Arrays.stream(Bearer.values()).map(b -> Arguments.of(e, b)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cells")
    void eachEndpointAnswersEachTokenAsItsRoleSays(Endpoint endpoint, Bearer bearer) {
        Http.Reply reply = call(endpoint, bearer.token());
        if (endpoint.role() == PUBLIC) {
            assertEquals(bearer.signsIn() ? endpoint.signedIn() : endpoint.anonymous(), reply.status(), reply::body);
        } else if (!bearer.signsIn()) {
            assertEquals(401, reply.status(), reply::body);
            assertEquals("Bearer", reply.header("WWW-Authenticate"));
            assertEquals(json("error", BearerTokenMechanism.TOKEN_REQUIRED), reply.json());
        } else if (!bearer.holdsUser()) {
            assertEquals(403, reply.status(), reply::body);
            assertEquals(json("error", "Access denied: this needs the role '" + endpoint.role() + "'"), reply.json());
        } else {
            assertEquals(endpoint.signedIn(), reply.status(), reply::body);
        }
    }

    @ParameterizedTest(name = "/ws with {0}")
    @EnumSource(Bearer.class)
    void theSocketsHandshakeFollowsTheSameGrid(Bearer bearer) {
        var uri = WsClient.wsUri(app.baseUri(), bearer.token().orElse(null));
        if (bearer.holdsUser()) {
            WsClient.open(uri, null, null).close();
        } else {
            int status = assertThrows(WsClient.Refused.class, () -> WsClient.open(uri, null, null).close()).status;
            assertEquals(bearer.signsIn() ? 403 : 401, status);
        }
    }

    /** The path to call: a path parameter names nothing that exists. */
    private static String target(Endpoint endpoint) {
        return endpoint.path().replaceAll("\\{[^}]+}", "no-such-id");
    }

    private static Http.Reply call(Endpoint endpoint, Optional<String> token) {
        List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", AuthApi.newAddress()));
        token.ifPresent(t -> headers.addAll(List.of("Authorization", "Bearer " + t)));
        String[] pairs = headers.toArray(String[]::new);
        if (endpoint.method().equals("GET")) {
            return api.get(target(endpoint), pairs);
        }
        if (endpoint.method().equals("POST")) {
            return api.post(target(endpoint), body(endpoint), pairs);
        }
        return api.call(endpoint.method(), target(endpoint), body(endpoint), pairs);
    }

    private static String body(Endpoint endpoint) {
        if (endpoint.body() == null) {
            return null;
        }
        return switch (endpoint.body()) {
            case "register" -> json("username", newUsername("row"), "password", PASSWORD).toString();
            case "login" -> json("usernameOrEmail", username, "password", PASSWORD).toString();
            case "wrong-password" -> json("currentPassword", "not-" + PASSWORD, "newPassword", "another-one").toString();
            default -> endpoint.body();
        };
    }

    /** {@code METHOD path} of every resource method of both applications, read from their annotations. */
    static Set<String> served() {
        Set<String> endpoints = new java.util.HashSet<>();
        for (Application application : List.of(new ApiApplication(), new AgentxApplication())) {
            String root = application.getClass().getAnnotation(ApplicationPath.class).value();
            for (Class<?> resource : application.getClasses()) {
                Path base = resource.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : resource.getMethods()) {
                    httpMethod(method).ifPresent(verb -> endpoints.add(verb + " " + join(root, base.value(),
                            Optional.ofNullable(method.getAnnotation(Path.class)).map(Path::value).orElse(""))));
                }
            }
        }
        return endpoints;
    }

    private static Optional<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class)).filter(h -> h != null)
                .map(HttpMethod::value).findFirst();
    }

    private static String join(String... parts) {
        return Arrays.stream(parts).map(p -> p.replaceAll("^/+|/+$", "")).filter(p -> !p.isEmpty())
                .collect(Collectors.joining("/"));
    }
}
