package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.OidcTestProvider;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import io.portagent.ui.Browser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in through a real OpenID provider (the certified oidc-provider library, on a loopback
 * port), with the app under {@code /portagent/} behind the shipped nginx sub-path block: in
 * Chromium from the "Sign in with" button through the provider's own pages and back, the socket
 * working on the app's token, and signing out ending the provider's session too; then, driven
 * over HTTP, the account's groups and admin role following the provider, a reserved name and a
 * disabled account refused, and every broken callback (no flow, another state, a forged code,
 * another issuer) ending on the sign-in page with a sentence, never a token.
 */
class OidcSignInIT {

    static final OidcTestProvider provider = OidcTestProvider.reserve();
    private static final String BUTTON = "Example SSO";

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().contextPath("/portagent")
            .set("OIDC_ISSUER", provider.issuer()).set("OIDC_CLIENT_ID", OidcTestProvider.CLIENT_ID)
            .set("OIDC_CLIENT_SECRET", OidcTestProvider.CLIENT_SECRET).set("OIDC_SCOPES", "openid profile email groups")
            .set("OIDC_ADMIN_GROUP", "portagent-admins").set("OIDC_DISPLAY_NAME", BUTTON)
            .set("ADMIN_USERNAMES", "root"));
    @RegisterExtension
    static final Browser browser = Browser.desktop();

    private static ChildProcess nginx;
    private static URI front;

    @BeforeAll
    static void theProviderAndNginxInFront() throws IOException {
        Path prefix = Files.createDirectories(Path.of("target", "oidc-sign-in-" + ProcessHandle.current().pid())
                .toAbsolutePath().resolve("nginx"));
        Path logs = Files.createDirectories(prefix.resolve("logs"));
        int port = ChildProcess.freePort();
        nginx = Nginx.start(prefix, List.of(Nginx.serverBlock("portagent-subpath.conf", port, app.baseUri().getPort(),
                null, logs)));
        front = URI.create("http://127.0.0.1:" + port + "/portagent/");
        nginx.awaitHealthy(front.resolve("health"), Duration.ofSeconds(30));
        provider.start(List.of(front.resolve("api/auth/oidc/callback"), app.uri("api/auth/oidc/callback")),
                List.of(front.resolve("login"), app.uri("login")));
    }

    @AfterAll
    static void stopThem() {
        if (nginx != null) {
            nginx.close();
        }
        provider.close();
    }

    @Test
    void inTheBrowserTheButtonGoesToTheProviderAndBackSignedInAndSigningOutEndsBothSessions() {
        browser.open(front.resolve("login"));
        browser.find(".sso-button").click();
        browser.until(d -> d.getCurrentUrl().startsWith(provider.issuer()), "the provider's sign-in page");
        browser.type(browser.find("input[name=login]"), "alice");
        browser.type(browser.find("input[name=password]"), "any password the provider likes");
        browser.find("button[type=submit]").click();
        browser.button("Continue").click();
        browser.find(".topbar .sign-out");
        assertTrue(browser.url().startsWith(front.resolve("studio").toString()), browser::url);
        String user = browser.localStorage("portagent_user");
        assertTrue(user.contains("\"alice\"") && user.contains("alice@example.org"), user);
        assertTrue(browser.localStorage("portagent_roles").contains("admin"), "the provider's admin group");
        assertNull(browser.driver().manage().getCookieNamed("portagent_oidc"), "the handoff cookie is gone");
        String token = browser.localStorage("portagent_token");
        try (WsClient ws = WsClient.connect(app.baseUri(), token)) {
            assertFalse(ws.isClosed(), "the app's own token opens the socket");
        }
        assertEquals("oidc|alice", Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                "SELECT provider || '|' || subject FROM user_identities i JOIN users u ON u.userId = i.userId"
                        + " WHERE u.username = 'alice';").strip());

        browser.find(".topbar .sign-out").click();
        browser.until(d -> d.getCurrentUrl().startsWith(provider.issuer()), "the provider's sign-out page");
        browser.button("Yes, sign me out").click();
        browser.awaitUrlEndsWith("/portagent/login");
        browser.find(".sso-button");
        assertEquals(401, verify(token), "the app's token is revoked");
        browser.find(".sso-button").click();
        browser.until(d -> d.getCurrentUrl().startsWith(provider.issuer()) && d.getPageSource().contains("name=\"login\""),
                "the provider asks again: its session ended too");
    }

    private static int verify(String token) {
        return Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify")).header("Authorization", "Bearer " + token)
                .GET()).status();
    }

    @Test
    void theGroupsAndTheAdminRoleFollowTheProviderAndAnEmailNameKeepsItsLocalPart() {
        JsonObject admin = new Flow(front).signIn("alice").session();
        assertEquals(201, Http.send(HttpRequest.newBuilder(app.uri("api/admin/groups"))
                .header("Authorization", "Bearer " + admin.getString("token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"staff\"}"))).status(),
                "a Portagent group named as the provider's");
        JsonObject bob = new Flow(front).signIn("bob").session();
        assertEquals(200, bob.getInt("status"), bob::toString);
        assertEquals("bob", bob.getJsonObject("user").getString("username"));
        assertEquals(List.of("user"), roles(bob));
        JsonObject carol = new Flow(app.baseUri()).signIn("carol@example.org").session();
        assertEquals("carol", carol.getJsonObject("user").getString("username"), "straight to the app, not via nginx");
        assertEquals("carol@example.org", carol.getJsonObject("user").getString("email"));
        assertEquals("bob", Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "SELECT u.username FROM group_members m"
                + " JOIN user_groups g ON g.groupId = m.groupId JOIN users u ON u.userId = m.userId"
                + " WHERE g.name = 'staff' AND u.username IN ('bob', 'carol');").strip(),
                "bob is in staff at the provider, carol is not");
        JsonObject alice = new Flow(front).signIn("alice").session();
        assertTrue(roles(alice).contains("admin"), alice::toString);
        JsonObject again = new Flow(front).signIn("alice").session();
        assertEquals(alice.getJsonObject("user").getString("userId"), again.getJsonObject("user").getString("userId"),
                "the same account the next time");
    }

    @Test
    void aReservedNameAndADisabledAccountAreRefusedWithASentence() {
        JsonObject root = new Flow(front).signIn("root").session();
        assertEquals(403, root.getInt("status"), root::toString);
        assertTrue(root.getString("error").contains("reserved"), root::toString);
        assertFalse(root.containsKey("token"));

        JsonObject dave = new Flow(front).signIn("dave").session();
        assertEquals(200, dave.getInt("status"), dave::toString);
        Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "UPDATE users SET isActive = 0 WHERE username = 'dave';");
        assertEquals(401, verify(dave.getString("token")), "disabled: the token it had is refused");
        JsonObject refused = new Flow(front).signIn("dave").session();
        assertEquals(401, refused.getInt("status"), refused::toString);
        assertFalse(refused.containsKey("token"));
    }

    @Test
    void brokenCallbacksEndOnTheSignInPageWithASentenceAndAnAuditEntry() {
        Flow noFlow = new Flow(front);
        assertEquals("../../../login?sso=oidc", noFlow.get(front.resolve("api/auth/oidc/callback?code=x&state=y"))
                .headers().firstValue("Location").orElseThrow());
        JsonObject expired = noFlow.session();
        assertEquals(401, expired.getInt("status"));
        assertTrue(expired.getString("error").contains("start it again"), expired::toString);

        Flow otherState = new Flow(front);
        otherState.get(front.resolve("api/auth/oidc/start"));
        otherState.get(front.resolve("api/auth/oidc/callback?code=x&state=not-the-one"));
        assertTrue(otherState.session().getString("error").contains("another tab"));

        Flow forgedCode = new Flow(front);
        forgedCode.get(front.resolve("api/auth/oidc/start"));
        forgedCode.get(front.resolve("api/auth/oidc/callback?code=forged&state=" + forgedCode.state()));
        JsonObject forged = forgedCode.session();
        assertEquals(401, forged.getInt("status"));
        assertTrue(forged.getString("error").contains("could not be completed"), forged::toString);

        Flow mixUp = new Flow(front);
        mixUp.get(front.resolve("api/auth/oidc/start"));
        mixUp.get(front.resolve("api/auth/oidc/callback?code=x&iss=https%3A%2F%2Fevil.example&state=" + mixUp.state()));
        assertEquals(401, mixUp.session().getInt("status"));

        String audit = Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                "SELECT detail FROM audit_log WHERE action = 'login_failed' AND detail LIKE '%oidc%';");
        assertTrue(audit.contains("state mismatch") && audit.contains("invalid_grant") && audit.contains("evil.example"),
                audit);
        assertEquals(404, Http.get(app.uri("api/auth/oidc/nothing")).status(), "only the three legs exist");
    }

    @Test
    void theConfigNamesTheButtonAndTheFlowAsksForPkceWithS256() {
        assertEquals(BUTTON, Http.get(app.uri("api/auth/config")).json().getString("oidc"));
        Flow flow = new Flow(front);
        String location = flow.get(front.resolve("api/auth/oidc/start")).headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(provider.issuer() + "/auth?"), location);
        for (String part : List.of("response_type=code", "code_challenge_method=S256", "code_challenge=", "nonce=",
                "client_id=portagent", "redirect_uri=" + encode(front.resolve("api/auth/oidc/callback").toString()))) {
            assertTrue(location.contains(part), part + " in " + location);
        }
        String cookie = flow.cookie("portagent_oidc_flow");
        assertNotNull(cookie);
        assertFalse(cookie.contains(flow.state()), "the flow is sealed");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> roles(JsonObject login) {
        return login.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /**
     * One browser's worth of a sign-in over HTTP: its own cookies, redirects followed by hand,
     * the provider's sign-in and consent forms filled in as a person would.
     */
    private static final class Flow {
        private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
        private static final Pattern PROMPT = Pattern.compile("name=\"prompt\" value=\"(\\w+)\"");
        private final URI base;
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private String state;

        Flow(URI base) {
            this.base = base;
        }

        HttpResponse<String> get(URI uri) {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                response.headers().firstValue("Location").filter(l -> l.contains("state="))
                        .ifPresent(l -> state = l.replaceAll(".*[?&]state=([^&]+).*", "$1"));
                return response;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        String state() {
            return state;
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
        }

        /** From the start to the app's sign-in page, through the provider's forms as {@code login}. */
        Flow signIn(String login) {
            URI at = base.resolve("api/auth/oidc/start");
            HttpResponse<String> response = get(at);
            for (int step = 0; step < 20; step++) {
                if (response.statusCode() / 100 == 3) {
                    at = at.resolve(response.headers().firstValue("Location").orElseThrow());
                    if (at.getPath().endsWith("/login") && "sso=oidc".equals(at.getQuery())) {
                        return this;
                    }
                    response = get(at);
                    continue;
                }
                HttpResponse<String> page = response;
                Matcher form = FORM.matcher(page.body());
                Matcher prompt = PROMPT.matcher(page.body());
                assertTrue(page.statusCode() == 200 && form.find() && prompt.find(),
                        () -> "a form of the provider at " + page.uri() + ": " + page.body());
                String fields = "login".equals(prompt.group(1)) ? "prompt=login&login=" + encode(login)
                        + "&password=whatever" : "prompt=consent";
                at = at.resolve(form.group(1));
                response = send(HttpRequest.newBuilder(at).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields)));
            }
            throw new AssertionError("the sign-in did not come back to the app");
        }

        /** {@code POST api/auth/oidc/session}: its JSON with {@code status} added. */
        JsonObject session() {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("api/auth/oidc/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
            return Json.createObjectBuilder(body).add("status", response.statusCode()).build();
        }
    }
}
