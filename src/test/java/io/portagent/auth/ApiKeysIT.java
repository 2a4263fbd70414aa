package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Personal API keys against the WAR: made (shown once), listed (never the key), revoked by their
 * owner only, and refused on {@code /v1} the moment they are revoked, expire, or their account is
 * disabled (through the API or with sqlite3) or deleted; never accepted outside
 * {@code Authorization: Bearer}, nor anywhere a sign-in token is expected.
 */
class ApiKeysIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder());
    static final AdminApi admin = new AdminApi(app);

    /** A new key of {@code owner}'s: the 201 answer. */
    static JsonObject newKey(Account owner, String body) {
        return admin.expect(201, owner.token(), "POST", "api/keys", body);
    }

    static String newKey(Account owner) {
        return newKey(admin, owner);
    }

    /** A new key of {@code owner}'s in the app {@code api} calls. */
    static String newKey(AdminApi api, Account owner) {
        return api.expect(201, owner.token(), "POST", "api/keys", "{\"name\":\"script\"}").getString("key");
    }

    /** {@code GET /v1/models} with these headers. */
    static Http.Reply models(String path, String... headers) {
        return get(app, path, headers);
    }

    /** A GET of {@code path} in {@code target} with these headers. */
    static Http.Reply get(io.portagent.testing.AppUnderTest target, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request);
    }

    static Http.Reply models(String key) {
        return models("v1/models", "Authorization", "Bearer " + key);
    }

    /** The reply is 401 with an OpenAI-style error body. */
    static void assertRefused(Http.Reply reply) {
        assertEquals(401, reply.status(), reply::body);
        JsonObject error = reply.json().getJsonObject("error");
        assertEquals("invalid_request_error", error.getString("type"));
        assertEquals("invalid_api_key", error.getString("code"));
        assertFalse(error.getString("message").isBlank());
    }

    @Test
    void aKeyIsShownOnceListedWithoutItAndWorksUntilItsOwnerRevokesIt() {
        Account alice = admin.newUser("alice");
        JsonObject created = newKey(alice, "{\"name\":\" laptop \",\"expiresInDays\":30}");
        String key = created.getString("key");
        assertTrue(key.matches("pak-[A-Za-z0-9_-]{43}"), key);
        assertEquals("laptop", created.getString("name"));
        assertEquals(created.getJsonNumber("createdAt").longValue() + 30L * 86_400_000,
                created.getJsonNumber("expiresAt").longValue());

        JsonObject listed = admin.expect(200, alice.token(), "GET", "api/keys", null).getJsonArray("keys")
                .getJsonObject(0);
        assertEquals(created.getString("id"), listed.getString("id"));
        assertEquals(key.substring(0, 12), listed.getString("prefix"));
        assertFalse(listed.containsKey("key"));
        assertFalse(admin.call(alice.token(), "GET", "api/keys", null).body().contains(key.substring(12)));
        assertTrue(listed.isNull("lastUsedAt"));
        assertFalse(Sqlite3.run(admin.api.usersDb(), "SELECT keyHash || prefix FROM api_keys;")
                .contains(key.substring(12)), "stored hashed");

        assertEquals(200, models(key).status());
        assertFalse(admin.expect(200, alice.token(), "GET", "api/keys", null).getJsonArray("keys").getJsonObject(0)
                .isNull("lastUsedAt"), "the use is recorded");
        assertEquals(1, admin.auditCount("api_key_created", alice.userId()));

        assertEquals(created.getString("id"), admin.expect(200, alice.token(), "DELETE", "api/keys/"
                + created.getString("id"), null).getString("id"));
        assertRefused(models(key));
        assertEquals(1, admin.auditCount("api_key_revoked", alice.userId()));
        assertEquals(0, admin.expect(200, alice.token(), "GET", "api/keys", null).getJsonArray("keys").size());
    }

    @Test
    void anotherUsersKeyCannotBeRevokedNorSeen() {
        Account alice = admin.newUser("alice");
        Account mallory = admin.newUser("mallory");
        JsonObject created = newKey(alice, "{\"name\":\"mine\"}");

        admin.expect(404, mallory.token(), "DELETE", "api/keys/" + created.getString("id"), null);
        assertEquals(0, admin.expect(200, mallory.token(), "GET", "api/keys", null).getJsonArray("keys").size());
        assertEquals(200, models(created.getString("key")).status());
    }

    @Test
    void badNamesExpiriesAndTooManyKeysAreRefused() {
        Account alice = admin.newUser("alice");
        admin.expect(400, alice.token(), "POST", "api/keys", "{}");
        admin.expect(400, alice.token(), "POST", "api/keys", "{\"name\":\"   \"}");
        admin.expect(400, alice.token(), "POST", "api/keys", "{\"name\":\"" + "n".repeat(101) + "\"}");
        admin.expect(400, alice.token(), "POST", "api/keys", "{\"name\":\"k\",\"expiresInDays\":0}");
        admin.expect(400, alice.token(), "POST", "api/keys", "{\"name\":\"k\",\"expiresInDays\":3651}");
        admin.expect(400, alice.token(), "POST", "api/keys", "{\"name\":\"k\",\"expiresInDays\":\"7\"}");
        newKey(alice, "{\"name\":\"" + "n".repeat(100) + "\",\"expiresInDays\":3650}");
        for (int i = 1; i < ApiKeys.PER_USER; i++) {
            newKey(alice);
        }
        assertEquals("You have 20 keys already; revoke one first", admin.expect(409, alice.token(), "POST",
                "api/keys", "{\"name\":\"one too many\"}").getString("error"));
    }

    @Test
    void anExpiredKeyIsRefused() {
        Account alice = admin.newUser("alice");
        JsonObject created = newKey(alice, "{\"name\":\"short\",\"expiresInDays\":1}");
        assertEquals(200, models(created.getString("key")).status());

        Sqlite3.run(admin.api.usersDb(), "UPDATE api_keys SET expiresAt = 1000 WHERE keyId = '"
                + created.getString("id") + "';");
        assertRefused(models(created.getString("key")));
        assertEquals(1, admin.expect(200, alice.token(), "GET", "api/keys", null).getJsonArray("keys").size(),
                "still listed, to be told apart and revoked");
    }

    @Test
    void disablingTheAccountInTheApiEndsItsKeysForGoodAndDeletingItToo() {
        Account chief = admin.newAdmin("chief");
        Account alice = admin.newUser("alice");
        Account bob = admin.newUser("bob");
        String aliceKey = newKey(alice);
        String bobKey = newKey(bob);

        admin.expect(200, chief.token(), "PATCH", "api/admin/users/" + alice.userId(), "{\"isActive\":false}");
        assertRefused(models(aliceKey));
        admin.expect(200, chief.token(), "PATCH", "api/admin/users/" + alice.userId(), "{\"isActive\":true}");
        assertRefused(models(aliceKey));

        admin.expect(200, chief.token(), "DELETE", "api/admin/users/" + bob.userId(), null);
        assertRefused(models(bobKey));
    }

    @Test
    void disablingTheAccountWithSqlite3EndsItsKeysAtOnce() {
        Account alice = admin.newUser("alice");
        String key = newKey(alice);
        assertEquals(200, models(key).status());

        Sqlite3.run(admin.api.usersDb(), "UPDATE users SET isActive = 0 WHERE userId = '" + alice.userId() + "';");
        assertRefused(models(key));
        Sqlite3.run(admin.api.usersDb(), "UPDATE users SET isActive = 1 WHERE userId = '" + alice.userId() + "';");
        assertRefused(models(key));
    }

    /** Only {@code Authorization: Bearer pak-...} opens /v1; nothing else, and a key opens nothing else. */
    @Test
    void aKeyWorksOnlyInTheAuthorizationHeaderOfV1AndASignInTokenNotThere() {
        Account alice = admin.newUser("alice");
        String key = newKey(alice);

        assertRefused(models("v1/models"));
        assertRefused(models(alice.token()));
        assertRefused(models("pak-not-a-key-of-anyone"));
        assertRefused(models("v1/models", "X-Api-Key", key));
        assertRefused(models("v1/models", "api-key", key));
        assertRefused(models("v1/models?api_key=" + key + "&key=" + key + "&token=" + key));
        assertRefused(models("v1/models", "Authorization", "Basic " + key));
        assertEquals("Bearer", models("v1/models").header("WWW-Authenticate"));
        assertEquals(200, models(key).status());

        assertEquals(401, admin.api.get("api/auth/me", "Authorization", "Bearer " + key).status());
        assertEquals(401, admin.api.get("api/keys", "Authorization", "Bearer " + key).status());
        assertEquals(401, admin.api.info(key).status());
        URI socket = WsClient.wsUri(app.baseUri(), key);
        assertEquals(401, assertThrows(WsClient.Refused.class, () -> WsClient.open(socket, null, null)).status);
    }

    @Test
    void unknownGatewayPathsAnswerInOpenAisShape() {
        String key = newKey(admin.newUser("alice"));
        Http.Reply unknown = models("v1/files", "Authorization", "Bearer " + key);
        assertEquals(404, unknown.status());
        assertEquals("unknown_url", unknown.json().getJsonObject("error").getString("code"));
        List<String> statuses = List.of(String.valueOf(models("v1", "Authorization", "Bearer " + key).status()));
        assertEquals(List.of("404"), statuses, "/v1 itself is no page of the UI");
        assertNotNull(models("v1/models/nope", "Authorization", "Bearer " + key).json().getJsonObject("error"));
    }
}
