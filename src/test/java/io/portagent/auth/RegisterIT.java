package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/auth/config} and {@code POST /api/auth/register} through real HTTP against the
 * WAR: the 201 answer's exact shape, each 400 sentence of SPEC §4 and of the extra limits, and
 * the user's container created with the user (and removed again when the user is refused).
 */
class RegisterIT {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Set<String> USER_FIELDS =
            Set.of("userId", "username", "email", "containerId", "displayName", "avatar", "createdAt");

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();
    private static final AuthApi api = new AuthApi(app);

    @Test
    void configSaysNoInviteCodeIsNeededByDefault() {
        Http.Reply reply = api.get("api/auth/config");
        assertEquals(200, reply.status());
        assertEquals(Json.createObjectBuilder().add("inviteCodeRequired", false).add("registration", "open")
                .add("proxyLogin", false).build(),
                reply.json());
    }

    @Test
    void registrationAnswers201WithTokenUserAndExpiresInAndNeverTheHash() {
        String username = newUsername("Alice");
        long before = System.currentTimeMillis();
        Http.Reply reply = api.register(json("username", username, "password", "secret123",
                "email", "Alice.Smith@Example.COM", "displayName", "Alice Smith", "avatar", "https://example.com/a.png"));
        long after = System.currentTimeMillis();
        assertEquals(201, reply.status(), reply::body);
        assertTrue(reply.header("content-type").startsWith("application/json"));
        JsonObject body = reply.json();
        assertEquals(Set.of("token", "user", "expiresIn", "roles", "mustChangePassword"), body.keySet());
        assertEquals("7d", body.getString("expiresIn"));
        assertEquals(Json.createArrayBuilder().add("user").build(), body.getJsonArray("roles"));
        assertFalse(body.getBoolean("mustChangePassword"));
        JsonObject user = body.getJsonObject("user");
        assertEquals(USER_FIELDS, user.keySet());
        assertTrue(user.getString("userId").matches(UUID), user::toString);
        assertEquals(username, user.getString("username"));
        assertEquals("alice.smith@example.com", user.getString("email"));
        assertTrue(user.getString("containerId").matches("user-" + UUID), user::toString);
        assertEquals("Alice Smith", user.getString("displayName"));
        assertEquals("https://example.com/a.png", user.getString("avatar"));
        long createdAt = user.getJsonNumber("createdAt").longValue();
        assertTrue(createdAt >= before && createdAt <= after, () -> "createdAt " + createdAt);
        assertEquals(user.getString("userId"), ForgedTokens.claims(body.getString("token")).getString("sub"));
        assertFalse(reply.body().contains("$2a$"), reply::body);
    }

    @Test
    void withoutEmailTheUserGetsUserIdAtNoemailAndNullOptionalFields() {
        JsonObject user = api.registered(newUsername("noemail"), "secret123").getJsonObject("user");
        assertEquals(USER_FIELDS, user.keySet());
        assertEquals(user.getString("userId") + "@noemail.portagent", user.getString("email"));
        assertTrue(user.isNull("displayName"));
        assertTrue(user.isNull("avatar"));
        JsonObject blankEmail = api.register(json("username", newUsername("blank"), "password", "secret123",
                "email", "  ")).json().getJsonObject("user");
        assertEquals(blankEmail.getString("userId") + "@noemail.portagent", blankEmail.getString("email"));
    }

    @Test
    void registrationStoresTheUserAndCreatesTheirContainerInAgentxDb() {
        int containers = api.containerCount();
        JsonObject user = api.registered(newUsername("owner"), "secret123").getJsonObject("user");
        String userId = user.getString("userId");
        String containerId = user.getString("containerId");
        assertEquals(containers + 1, api.containerCount());
        assertEquals(userId, Sqlite3.run(api.agentsDb(),
                "SELECT ownerId FROM containers WHERE containerId = '" + containerId + "';"));
        String row = Sqlite3.run(api.usersDb(),
                "SELECT containerId, isActive, substr(passwordHash, 1, 7) FROM users WHERE userId = '" + userId + "';");
        assertEquals(containerId + "|1|$2a$10$", row);
    }

    @Test
    void aTakenUsernameIsRefusedWhateverItsCaseAndLeavesNoOrphanContainer() {
        String username = newUsername("taken");
        api.registered(username, "secret123");
        int containers = api.containerCount();
        Http.Reply again = api.register(json("username", username, "password", "other-secret"));
        assertEquals(400, again.status());
        assertEquals(json("error", "Username '" + username + "' already exists"), again.json());
        String upper = username.toUpperCase(Locale.ROOT);
        assertEquals("Username '" + upper + "' already exists",
                api.register(json("username", upper, "password", "other-secret")).json().getString("error"));
        assertEquals(containers, api.containerCount());
    }

    @Test
    void aTakenEmailIsRefusedWhateverItsCaseAndLeavesNoOrphanContainer() {
        String email = newUsername("mail") + "@example.com";
        api.register(json("username", newUsername("first"), "password", "secret123", "email", email));
        int containers = api.containerCount();
        Http.Reply again = api.register(json("username", newUsername("second"), "password", "secret123",
                "email", email.toUpperCase(Locale.ROOT)));
        assertEquals(400, again.status());
        assertEquals(json("error", "Email '" + email + "' already exists"), again.json());
        assertEquals(containers, api.containerCount());
        assertEquals("1", Sqlite3.run(api.usersDb(), "SELECT count(*) FROM users WHERE email = '" + email + "';"));
    }

    static Stream<Arguments> refusedRegistrations() {
        return Stream.of(
                Arguments.of("{}", "Username and password are required"),
                Arguments.of("{\"username\":\"carol\"}", "Username and password are required"),
                Arguments.of("{\"password\":\"secret123\"}", "Username and password are required"),
                Arguments.of("{\"username\":\"   \",\"password\":\"secret123\"}", "Username and password are required"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"\"}", "Username and password are required"),
                Arguments.of("{\"username\":null,\"password\":\"secret123\"}", "Username and password are required"),
                Arguments.of("{\"username\":\"ab\",\"password\":\"secret123\"}",
                        "Username must be at least 3 characters"),
                Arguments.of("{\"username\":\" ab \",\"password\":\"secret123\"}",
                        "Username must be at least 3 characters"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"12345\"}",
                        "Password must be at least 6 characters"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"email\":\"not-an-email\"}",
                        "Invalid email format"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"email\":\"carol@localhost\"}",
                        "Invalid email format"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"email\":\"car ol@example.com\"}",
                        "Invalid email format"),
                Arguments.of("{\"username\":\"" + "u".repeat(65) + "\",\"password\":\"secret123\"}",
                        "Username must be at most 64 characters"),
                Arguments.of("{\"username\":\"car ol\",\"password\":\"secret123\"}",
                        "Username may only contain letters, digits, '.', '_' and '-'"),
                Arguments.of("{\"username\":\"carol!\",\"password\":\"secret123\"}",
                        "Username may only contain letters, digits, '.', '_' and '-'"),
                Arguments.of("{\"username\":\"c\u00e5rol\",\"password\":\"secret123\"}",
                        "Username may only contain letters, digits, '.', '_' and '-'"),
                Arguments.of("{\"username\":\"carol@example.com\",\"password\":\"secret123\"}",
                        "Username may only contain letters, digits, '.', '_' and '-'"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"" + "p".repeat(73) + "\"}",
                        "Password must be at most 72 bytes"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"" + "\u20ac".repeat(25) + "\"}",
                        "Password must be at most 72 bytes"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"displayName\":\"" + "d".repeat(101)
                        + "\"}", "Display name must be at most 100 characters"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"avatar\":\"" + "a".repeat(2049)
                        + "\"}", "Avatar must be at most 2048 characters"),
                Arguments.of("{\"username\":1,\"password\":\"secret123\"}", "Field 'username' must be a string"),
                Arguments.of("{\"username\":\"carol\",\"password\":123456}", "Field 'password' must be a string"),
                Arguments.of("{\"username\":\"carol\",\"password\":\"secret123\",\"email\":[\"c@example.com\"]}",
                        "Field 'email' must be a string"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("refusedRegistrations")
    void eachRefusedRegistrationAnswers400WithItsSentenceAndCreatesNothing(String body, String error) {
        int containers = api.containerCount();
        Http.Reply reply = api.post("api/auth/register", body);
        assertEquals(400, reply.status(), reply::body);
        assertEquals(json("error", error), reply.json());
        assertEquals(containers, api.containerCount());
    }

    @Test
    void valuesRightAtEachLimitAreAccepted() {
        assertEquals(201, api.register(json("username", "abc", "password", "123456")).status());
        String longName = (newUsername("long") + "x".repeat(64)).substring(0, 64);
        assertEquals(201, api.register(json("username", longName, "password", "\u20ac".repeat(24),
                "displayName", "d".repeat(100), "avatar", "a".repeat(2048))).status());
        assertEquals(201, api.register(json("username", newUsername("A.b_c-D"), "password", "p".repeat(72),
                "email", newUsername("x") + "@sub.example.co.uk")).status());
    }

    @Test
    void theUsernameIsStoredWithoutSurroundingSpacesAndTheRegisteredPasswordLogsIn() {
        String username = newUsername("spaced");
        JsonObject user = api.register(json("username", "  " + username + " ", "password", " secret123 "))
                .json().getJsonObject("user");
        assertEquals(username, user.getString("username"));
        assertEquals(200, api.login(username, " secret123 ").status(), "the password is kept exactly as sent");
        assertEquals(401, api.login(username, "secret123").status());
    }
}
