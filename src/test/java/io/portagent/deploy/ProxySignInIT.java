package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import io.portagent.ui.Browser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Cookie;

/**
 * Sign-in from a fronting SSO proxy's header, through a real nginx doing {@code auth_request}
 * against a stand-in SSO service (a cookie names the user): nginx reaches the app from 127.0.0.2,
 * the only AUTH_PROXY_TRUSTED address, and sets X-Forwarded-User itself, so a client's own
 * header never arrives through it; the same header sent straight to the app (from 127.0.0.1) is ignored.
 */
class ProxySignInIT {

    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<String, String> GROUPS = new ConcurrentHashMap<>();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder()
            .set("AUTH_PROXY_HEADER", "X-Forwarded-User").set("AUTH_PROXY_GROUPS_HEADER", "X-Forwarded-Groups")
            .set("AUTH_PROXY_ADMIN_GROUP", "portagent-admins").set("AUTH_PROXY_TRUSTED", "127.0.0.2"));
    @RegisterExtension
    static final Browser browser = Browser.desktop();
    private static HttpServer sso;
    private static ChildProcess nginx;
    private static URI viaNginx;

    @BeforeAll
    static void anSsoServiceAndNginxInFront() throws IOException {
        sso = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sso.createContext("/check", exchange -> {
            String cookie = String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"));
            String user = cookie.startsWith("sso=") ? SESSIONS.get(cookie.substring(4)) : null;
            if (user != null) {
                exchange.getResponseHeaders().add("X-Auth-User", user);
                exchange.getResponseHeaders().add("X-Auth-Groups", GROUPS.getOrDefault(user, ""));
            }
            exchange.sendResponseHeaders(user != null ? 200 : 401, -1);
            exchange.close();
        });
        sso.start();
        Path prefix = Files.createDirectories(Path.of("target", "proxy-sign-in-" + ProcessHandle.current().pid())
                .toAbsolutePath().resolve("nginx"));
        int port = ChildProcess.freePort();
        nginx = Nginx.start(prefix, List.of(serverBlock(port, sso.getAddress().getPort(), app.baseUri().getPort())));
        viaNginx = URI.create("http://127.0.0.1:" + port + "/");
        nginx.awaitHealthy(viaNginx.resolve("health"), Duration.ofSeconds(30));
    }

    /** The nginx lines docs/authentication.md shows, on loopback ports. */
    private static String serverBlock(int port, int ssoPort, int appPort) {
        return String.join("\n",
                "server {",
                "  listen 127.0.0.1:" + port + ";",
                "  location = /_sso {",
                "    internal;",
                "    proxy_pass http://127.0.0.1:" + ssoPort + "/check;",
                "    proxy_pass_request_body off;",
                "    proxy_set_header Content-Length \"\";",
                "  }",
                "  location = /health { proxy_pass http://127.0.0.1:" + appPort + "; }",
                "  location / {",
                "    auth_request /_sso;",
                "    auth_request_set $sso_user $upstream_http_x_auth_user;",
                "    auth_request_set $sso_groups $upstream_http_x_auth_groups;",
                "    proxy_set_header X-Forwarded-User $sso_user;",
                "    proxy_set_header X-Forwarded-Groups $sso_groups;",
                "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "    proxy_http_version 1.1;",
                "    proxy_set_header Upgrade $http_upgrade;",
                "    proxy_set_header Connection $http_connection;",
                "    proxy_bind 127.0.0.2;",
                "    proxy_pass http://127.0.0.1:" + appPort + ";",
                "  }",
                "}", "");
    }

    @AfterAll
    static void stopThem() {
        if (nginx != null) {
            nginx.close();
        }
        if (sso != null) {
            sso.stop(0);
        }
    }

    /** A user signed in at the SSO service; the cookie naming their session. */
    private static String ssoSession(String user, String groups) {
        String session = UUID.randomUUID().toString();
        SESSIONS.put(session, user);
        GROUPS.put(user, groups);
        return "sso=" + session;
    }

    private static Http.Reply proxyLogin(URI base, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/auth/proxy-login"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request);
    }

    private static List<String> roles(JsonObject login) {
        return login.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static String user() {
        return "pat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theProxysUserIsSignedInWithTheAppsOwnTokenAndTheAccountIsCreatedOnFirstSight() {
        String name = user();
        Http.Reply reply = proxyLogin(viaNginx, "Cookie", ssoSession(name, ""));
        assertEquals(200, reply.status(), reply::body);
        String token = reply.json().getString("token");
        assertEquals(name, reply.json().getJsonObject("user").getString("username"));
        assertEquals(List.of("user"), roles(reply.json()));
        assertEquals(200, Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()).status());
        try (WsClient ws = WsClient.connect(app.baseUri(), token)) {
            assertFalse(ws.isClosed());
        }
        assertEquals("proxy|" + name, Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                "SELECT provider || '|' || subject FROM user_identities i JOIN users u ON u.userId = i.userId"
                        + " WHERE u.username = '" + name + "';").strip());
        String again = proxyLogin(viaNginx, "Cookie", ssoSession(name, "")).json().getJsonObject("user").getString("userId");
        assertEquals(reply.json().getJsonObject("user").getString("userId"), again, "the same account the next time");
    }

    @Test
    void theAdminGroupInTheGroupsHeaderMakesAnAdminAndItsAbsenceRevokes() {
        String name = user();
        assertTrue(roles(proxyLogin(viaNginx, "Cookie", ssoSession(name, "staff, portagent-admins")).json())
                .contains("admin"));
        assertEquals(List.of("user"), roles(proxyLogin(viaNginx, "Cookie", ssoSession(name, "staff")).json()));
    }

    @Test
    void aClientsOwnHeaderThroughNginxIsReplacedByTheSsoUser() {
        String name = user();
        Http.Reply reply = proxyLogin(viaNginx, "Cookie", ssoSession(name, ""), "X-Forwarded-User", "someone-else",
                "X-Forwarded-Groups", "portagent-admins");
        assertEquals(200, reply.status(), reply::body);
        assertEquals(name, reply.json().getJsonObject("user").getString("username"));
        assertEquals(List.of("user"), roles(reply.json()));
        assertEquals(401, proxyLogin(viaNginx, "X-Forwarded-User", "someone-else").status(),
                "without an SSO session nginx lets nothing through");
    }

    @Test
    void theHeaderStraightToTheAppFromAnUntrustedPeerIsIgnoredEvenWithAForgedForwardedFor() {
        for (String[] headers : List.of(new String[] {"X-Forwarded-User", "mallory"},
                new String[] {"X-Forwarded-User", "mallory", "X-Forwarded-For", "127.0.0.2"})) {
            Http.Reply reply = proxyLogin(app.baseUri(), headers);
            assertEquals(401, reply.status(), reply::body);
            assertTrue(reply.json().getString("error").contains("single sign-on proxy"), reply::body);
        }
        assertEquals("0", Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                "SELECT count(*) FROM users WHERE username = 'mallory';").strip());
        assertTrue(Http.get(app.uri("api/auth/config")).json().getBoolean("proxyLogin"));
    }

    @Test
    void theLoginPageBehindTheProxySignsInWithoutTheForm() {
        String name = user();
        browser.open(viaNginx.resolve("health"));
        browser.driver().manage().addCookie(new Cookie("sso", ssoSession(name, "").substring(4)));
        browser.open(viaNginx.resolve("login"));
        browser.find(".topbar .sign-out");
        assertTrue(browser.url().endsWith("/studio"), browser::url);
        assertTrue(browser.localStorage("portagent_user").contains("\"" + name + "\""),
                () -> browser.localStorage("portagent_user"));
    }
}
