package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.KeycloakServer;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import io.portagent.ui.Browser;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in through Keycloak itself (`mvn -B -Pkeycloak verify`), with the settings
 * docs/authentication.md gives for it: a confidential client with PKCE S256 required, the groups
 * mapper with full paths, the app under {@code /portagent/}. In Chromium through Keycloak's own
 * login page and back; the group path {@code /portagent-admins} makes an admin, {@code /staff}
 * does not; signing out ends the Keycloak session (its own "log out?" page) too.
 */
@EnabledIfSystemProperty(named = "keycloak.home", matches = ".+")
class KeycloakSignInIT {

    static final KeycloakServer keycloak = KeycloakServer.reserve();
    private static final String SECRET = "kc-client-secret-4Rt";

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().contextPath("/portagent")
            .set("OIDC_ISSUER", keycloak.issuer("staff")).set("OIDC_CLIENT_ID", "portagent")
            .set("OIDC_CLIENT_SECRET", SECRET).set("OIDC_ADMIN_GROUP", "portagent-admins")
            .set("OIDC_DISPLAY_NAME", "Keycloak"));
    @RegisterExtension
    static final Browser browser = Browser.desktop();

    @BeforeAll
    static void keycloakWithARealm() {
        String users = """
                [{"username": "kim", "enabled": true, "email": "kim@example.org", "emailVerified": true,
                  "firstName": "Kim", "lastName": "Example", "groups": ["/portagent-admins", "/staff"],
                  "credentials": [{"type": "password", "value": "kim-kc-pw", "temporary": false}]},
                 {"username": "lee", "enabled": true, "email": "lee@example.org", "emailVerified": true,
                  "firstName": "Lee", "lastName": "Example", "groups": ["/staff"],
                  "credentials": [{"type": "password", "value": "lee-kc-pw", "temporary": false}]}]
                """;
        keycloak.start("staff", KeycloakServer.realm("staff", "portagent", SECRET,
                List.of(app.uri("api/auth/oidc/callback")), List.of(app.uri("login")), users,
                "[{\"name\": \"portagent-admins\"}, {\"name\": \"staff\"}]"));
    }

    @AfterAll
    static void stopKeycloak() {
        keycloak.close();
    }

    private static void signInAtKeycloak(String username, String password) {
        browser.open(app.uri("login"));
        browser.find(".sso-button").click();
        browser.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("staff")), "Keycloak's sign-in page");
        browser.type(browser.find("#username"), username);
        browser.type(browser.find("#password"), password);
        browser.find("#kc-login").click();
        browser.find(".topbar .sign-out");
    }

    @Test
    void kimSignsInThroughKeycloakAsAnAdminAndSigningOutEndsTheKeycloakSession() {
        signInAtKeycloak("kim", "kim-kc-pw");
        assertTrue(browser.url().startsWith(app.uri("studio").toString()), browser::url);
        assertTrue(browser.localStorage("portagent_user").contains("kim@example.org"));
        assertTrue(browser.localStorage("portagent_roles").contains("admin"), "the group path /portagent-admins");
        String token = browser.localStorage("portagent_token");
        try (WsClient ws = WsClient.connect(app.baseUri(), token)) {
            assertFalse(ws.isClosed());
        }
        String link = Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "SELECT provider FROM user_identities i"
                + " JOIN users u ON u.userId = i.userId WHERE u.username = 'kim';").strip();
        assertEquals("oidc", link);

        browser.find(".topbar .sign-out").click();
        browser.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer("staff")), "Keycloak's sign-out page");
        browser.find("#kc-logout").click();
        browser.awaitUrlEndsWith("/portagent/login");
        assertEquals(401, Http.send(HttpRequest.newBuilder(app.uri("api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()).status());
        browser.find(".sso-button").click();
        browser.find("#username");
    }

    @Test
    void leeInStaffOnlyIsNoAdmin() {
        signInAtKeycloak("lee", "lee-kc-pw");
        assertEquals("[\"user\"]", browser.localStorage("portagent_roles"));
        browser.find(".topbar .sign-out").click();
        browser.find("#kc-logout").click();
        browser.awaitUrlEndsWith("/portagent/login");
    }
}
