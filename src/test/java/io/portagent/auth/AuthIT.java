package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in and the token's life through real HTTP against the WAR: login by username or email,
 * the same {@code Invalid credentials} (and about the same time) for a wrong password and an
 * unknown user, verify and {@code /agentx/info} with the token in the header or the query, forged
 * tokens refused, a user disabled with sqlite3 locked out at once, and logout revoking one token.
 */
class AuthIT {

    private static final JsonObject INVALID_CREDENTIALS = json("error", "Invalid credentials");
    private static final JsonObject NOT_VALID = Json.createObjectBuilder().add("valid", false).build();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();
    private static final AuthApi api = new AuthApi(app);

    /** The key the server signs with: without JWT_SECRET, the generated one in data/jwt.secret. */
    private static SecretKey serverKey() throws IOException {
        return ForgedTokens.key(Files.readString(app.dataDir().resolve("data/jwt.secret")).strip());
    }

    @Test
    void loginByUsernameAndByEmailAnswers200WithANewTokenAndTheUser() {
        String username = newUsername("bob");
        String email = username + "@example.com";
        JsonObject registered = api.register(json("username", username, "password", "secret123", "email", email))
                .json();
        for (String login : new String[] {username, email, email.toUpperCase(Locale.ROOT),
                " " + username.toUpperCase(Locale.ROOT) + " "}) {
            Http.Reply reply = api.login(login, "secret123");
            assertEquals(200, reply.status(), () -> login + ": " + reply.body());
            JsonObject body = reply.json();
            assertEquals(Set.of("token", "user", "expiresIn", "roles", "mustChangePassword"), body.keySet());
            assertEquals("7d", body.getString("expiresIn"));
            assertEquals(Json.createArrayBuilder().add("user").build(), body.getJsonArray("roles"));
            assertEquals(registered.getJsonObject("user"), body.getJsonObject("user"));
            assertNotEquals(registered.getString("token"), body.getString("token"));
            assertEquals(200, api.info(body.getString("token")).status());
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() {
        String username = newUsername("carol");
        api.registered(username, "secret123");
        Http.Reply wrong = api.login(username, "secret124");
        assertEquals(401, wrong.status());
        assertEquals(INVALID_CREDENTIALS, wrong.json());
        Http.Reply unknown = api.login(newUsername("nobody"), "secret123");
        assertEquals(401, unknown.status());
        assertEquals(INVALID_CREDENTIALS, unknown.json());
        assertEquals(wrong.body(), unknown.body());
    }

    @Test
    void loginWithoutItsFieldsIs400() {
        for (String body : new String[] {"{}", "{\"usernameOrEmail\":\"bob\"}", "{\"password\":\"secret123\"}",
                "{\"usernameOrEmail\":\" \",\"password\":\"secret123\"}"}) {
            Http.Reply reply = api.post("api/auth/login", body, "X-Forwarded-For", AuthApi.newAddress());
            assertEquals(400, reply.status(), body);
            assertEquals(json("error", "usernameOrEmail and password are required"), reply.json());
        }
    }

    @Test
    void aFailedLoginForAnUnknownUserTakesAboutAsLongAsForAKnownUser() {
        String username = newUsername("timed");
        api.registered(username, "secret123");
        api.login(username, "warm-up-1");
        api.login(newUsername("warm"), "warm-up-1");
        long[] known = new long[5];
        long[] unknown = new long[5];
        for (int i = 0; i < known.length; i++) {
            known[i] = timedFailure(username);
            unknown[i] = timedFailure(newUsername("ghost"));
        }
        long knownMedian = median(known);
        long unknownMedian = median(unknown);
        // bcrypt at cost 10 dominates both; without the decoy an unknown user would answer in ~1 ms
        assertTrue(unknownMedian * 2 >= knownMedian, () -> "unknown user " + Arrays.toString(unknown)
                + " ns, known user " + Arrays.toString(known) + " ns");
    }

    private static long timedFailure(String login) {
        long start = System.nanoTime();
        Http.Reply reply = api.login(login, "not-the-password");
        long elapsed = System.nanoTime() - start;
        assertEquals(401, reply.status());
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void verifyWithTheTokenInTheHeaderOrTheQueryAnswersValidAndTheUser() {
        JsonObject registered = api.registered(newUsername("dave"), "secret123");
        String token = registered.getString("token");
        JsonObject expected = Json.createObjectBuilder().add("valid", true)
                .add("user", registered.getJsonObject("user")).add("roles", Json.createArrayBuilder().add("user"))
                .add("mustChangePassword", false).build();
        Http.Reply header = api.verify(token);
        assertEquals(200, header.status());
        assertEquals(expected, header.json());
        Http.Reply query = api.verifyByQuery(token);
        assertEquals(200, query.status());
        assertEquals(expected, query.json());
        assertEquals(200, api.get("api/auth/verify", "Authorization", "bearer " + token).status());
    }

    @Test
    void verifyWithoutOrWithABadTokenAnswers401ValidFalse() {
        String token = api.tokenOf(newUsername("erin"), "secret123");
        for (Http.Reply reply : new Http.Reply[] {api.get("api/auth/verify"), api.verify("not-a-token"),
                api.verify(ForgedTokens.withBadSignature(token)), api.verifyByQuery("x.y.z"),
                api.get("api/auth/verify", "Authorization", "Basic dXNlcjpwYXNz")}) {
            assertEquals(401, reply.status(), reply::body);
            assertEquals(NOT_VALID, reply.json());
        }
    }

    @Test
    void infoWithATokenAnswersTheVersionAndTheWebSocketPath() {
        String token = api.tokenOf(newUsername("frank"), "secret123");
        JsonObject expected = json("version", System.getProperty("portagent.version"), "wsPath", "/ws");
        Http.Reply reply = api.info(token);
        assertEquals(200, reply.status());
        assertEquals(expected, reply.json());
        assertEquals(expected, api.get("agentx/info?token=" + token).json());
    }

    @Test
    void infoWithoutAValidTokenAnswers401WithAJsonError() {
        for (Http.Reply reply : new Http.Reply[] {api.get("agentx/info"), api.info("not-a-token"),
                api.get("agentx/info?token=not-a-token")}) {
            assertEquals(401, reply.status());
            assertEquals("Bearer", reply.header("WWW-Authenticate"));
            assertTrue(reply.header("content-type").startsWith("application/json"));
            assertEquals(json("error", "Authentication required: a valid token is missing"), reply.json());
        }
    }

    @Test
    void forgedTokensAreRefusedWhileAHandMadeOneWithTheServersKeyIsAccepted() throws IOException {
        JsonObject victim = api.registered(newUsername("victim"), "secret123").getJsonObject("user");
        String victimId = victim.getString("userId");
        String attackerToken = api.tokenOf(newUsername("mallory"), "secret123");
        SecretKey key = serverKey();
        assertEquals(200, api.info(ForgedTokens.signed(key, victimId)).status(), "the control: the key is right");
        String[][] forgeries = {
            {"payload changed to another user", ForgedTokens.withSubject(attackerToken, victimId)},
            {"signature changed", ForgedTokens.withBadSignature(attackerToken)},
            {"alg none", ForgedTokens.algNone(attackerToken)},
            {"another secret", ForgedTokens.signed(ForgedTokens.key("x".repeat(44)), victimId)},
            {"expired", ForgedTokens.expired(key, victimId)},
            {"another issuer", ForgedTokens.wrongIssuer(key, victimId)},
            {"no jti", ForgedTokens.withoutTokenId(key, victimId)},
            {"user that does not exist", ForgedTokens.signed(key, "00000000-0000-4000-8000-000000000000")},
        };
        for (String[] forgery : forgeries) {
            assertEquals(401, api.info(forgery[1]).status(), forgery[0]);
            assertEquals(NOT_VALID, api.verify(forgery[1]).json(), forgery[0]);
        }
    }

    @Test
    void aUserDisabledWithSqlite3CannotLogInAndTheirTokenStopsAtOnceAndForGood() {
        String username = newUsername("grace");
        String token = api.tokenOf(username, "secret123");
        assertEquals(200, api.info(token).status());
        Sqlite3.run(api.usersDb(), "UPDATE users SET isActive = 0 WHERE username = '" + username + "';");
        Http.Reply login = api.login(username, "secret123");
        assertEquals(401, login.status());
        assertEquals(INVALID_CREDENTIALS, login.json());
        assertEquals(401, api.info(token).status());
        Http.Reply verify = api.verify(token);
        assertEquals(401, verify.status());
        assertEquals(NOT_VALID, verify.json());

        Sqlite3.run(api.usersDb(), "UPDATE users SET isActive = 1 WHERE username = '" + username + "';");
        assertEquals(401, api.info(token).status(), "re-enabled: a token from before the disable stays dead");
        Http.Reply again = api.login(username, "secret123");
        assertEquals(200, again.status());
        assertEquals(200, api.info(again.json().getString("token")).status());
    }

    @Test
    void logoutRevokesThatTokenOnlyAndRecordsIt() {
        String username = newUsername("heidi");
        JsonObject registered = api.registered(username, "secret123");
        String first = registered.getString("token");
        String second = api.login(username, "secret123").json().getString("token");
        Http.Reply logout = api.logout(first);
        assertEquals(200, logout.status());
        assertEquals(Json.createObjectBuilder().add("success", true).build(), logout.json());
        assertEquals(401, api.info(first).status());
        assertEquals(NOT_VALID, api.verify(first).json());
        assertEquals(200, api.info(second).status(), "another session of the same user keeps working");
        String userId = registered.getJsonObject("user").getString("userId");
        assertEquals(ForgedTokens.claims(first).getString("jti"), Sqlite3.run(api.usersDb(),
                "SELECT tokenId FROM revoked_tokens WHERE userId = '" + userId + "';"));
        assertEquals(200, api.login(username, "secret123").status(), "logging out does not lock the account");
    }

    @Test
    void logoutWithTheTokenInTheQueryRevokesItToo() {
        String token = api.tokenOf(newUsername("ivan"), "secret123");
        assertEquals(200, api.post("api/auth/logout?token=" + token, "").status());
        assertEquals(401, api.info(token).status());
    }

    @Test
    void logoutWithoutATokenOrWithABadOneStillAnswersSuccess() {
        JsonObject success = Json.createObjectBuilder().add("success", true).build();
        assertEquals(success, api.post("api/auth/logout", "").json());
        assertEquals(success, api.logout("not-a-token").json());
        assertEquals(success, api.logout(ForgedTokens.algNone(api.tokenOf(newUsername("judy"), "secret123"))).json());
    }
}
