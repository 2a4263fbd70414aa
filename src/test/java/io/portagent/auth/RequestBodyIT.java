package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code register} and {@code login} answer to bodies that are not the JSON object they
 * expect — malformed, an array, wrong types, empty, over 64 KB: a 400 or 413 with
 * {@code {"error": ...}}, and never an exception name or a stack trace (checked by
 * {@link AuthApi} on every answer).
 */
class RequestBodyIT {

    private static final String[] PATHS = {"api/auth/register", "api/auth/login"};

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();
    private static final AuthApi api = new AuthApi(app);

    private static void assertError(int status, String error, Http.Reply reply) {
        assertEquals(status, reply.status(), reply::body);
        assertTrue(reply.header("content-type").startsWith("application/json"), reply.header("content-type"));
        assertEquals(json("error", error), reply.json());
    }

    @Test
    void malformedJsonIs400() {
        for (String path : PATHS) {
            for (String body : new String[] {"{bad", "{\"username\": \"x\"", "username=x&password=y", "\u0000"}) {
                Http.Reply reply = api.post(path, body, "X-Forwarded-For", AuthApi.newAddress());
                assertEquals(400, reply.status(), path + " " + body);
                assertTrue(reply.json().getString("error").startsWith("Malformed JSON"), reply::body);
            }
        }
    }

    @Test
    void aJsonValueThatIsNotAnObjectIs400() {
        for (String path : PATHS) {
            for (String body : new String[] {"[]", "[{\"username\":\"x\",\"password\":\"y\"}]", "\"text\"", "42",
                    "null", "true"}) {
                assertError(400, "Request body must be a JSON object", api.post(path, body));
            }
        }
    }

    @Test
    void fieldsOfTheWrongTypeAre400NamingTheField() {
        assertError(400, "Field 'username' must be a string",
                api.post("api/auth/register", "{\"username\": 1, \"password\": \"secret123\"}"));
        assertError(400, "Field 'password' must be a string",
                api.post("api/auth/register", "{\"username\": \"kim\", \"password\": {\"a\": 1}}"));
        assertError(400, "Field 'usernameOrEmail' must be a string",
                api.post("api/auth/login", "{\"usernameOrEmail\": [\"kim\"], \"password\": \"secret123\"}"));
        assertError(400, "Field 'password' must be a string",
                api.post("api/auth/login", "{\"usernameOrEmail\": \"kim\", \"password\": true}"));
    }

    @Test
    void anEmptyOrBlankBodyIs400() {
        for (String path : PATHS) {
            assertError(400, "Request body is required (a JSON object)", api.post(path, ""));
            assertTrue(api.post(path, "   ").json().getString("error").startsWith("Malformed JSON"));
        }
    }

    @Test
    void aBodyOver64KbIs413() {
        String padding = " ".repeat(65 * 1024);
        for (String path : PATHS) {
            String body = "{\"username\":\"" + newUsername("big") + "\",\"usernameOrEmail\":\"big\","
                    + "\"password\":\"secret123\"}" + padding;
            assertError(413, "Request body too large (limit 64 KB)", api.post(path, body));
        }
    }

    @Test
    void aBodyOfExactly64KbIsStillRead() {
        String start = "{\"usernameOrEmail\":\"" + newUsername("edge") + "\",\"password\":\"secret123\"}";
        String body = start + " ".repeat(64 * 1024 - start.length());
        assertEquals(64 * 1024, body.getBytes(StandardCharsets.UTF_8).length);
        Http.Reply reply = api.post("api/auth/login", body, "X-Forwarded-For", AuthApi.newAddress());
        assertError(401, "Invalid credentials", reply);
    }

    @Test
    void invalidUtf8NeverBreaksTheAnswer() {
        byte[] body = {'{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', 'O', 'r', 'E', 'm', 'a', 'i', 'l', '"', ':',
            '"', (byte) 0xff, (byte) 0xfe, '"', ',', '"', 'p', 'a', 's', 's', 'w', 'o', 'r', 'd', '"', ':', '"', 'x',
            '"', '}'};
        Http.Reply reply = api.postBytes("api/auth/login", body, "X-Forwarded-For", AuthApi.newAddress());
        assertTrue(reply.status() == 400 || reply.status() == 401, reply::body);
        assertTrue(reply.json().containsKey("error"));
    }

    @Test
    void nestingDeeperThanTheParserAllowsNeverShowsAStackTrace() {
        // AuthApi fails the test if the answer shows an exception; see also the nesting test below
        Http.Reply reply = api.post("api/auth/login", "[".repeat(5000));
        assertTrue(reply.json().containsKey("error"), reply::body);
    }

    @Test
    void nestingDeeperThanTheParserAllowsIs400() {
        for (String path : PATHS) {
            assertEquals(400, api.post(path, "[".repeat(1001)).status());
            assertEquals(400, api.post(path, "{\"a\":".repeat(1001)).status());
        }
    }

    @Test
    void aJsonBodySentAsAFormIsStillRead() {
        assertLoginReadAsJson("application/x-www-form-urlencoded"); // what curl -d sends
    }

    @Test
    void aJsonBodySentAsTextPlainIsRead() {
        assertLoginReadAsJson("text/plain");
    }

    /** A login whose JSON body is labelled {@code contentType} succeeds all the same. */
    private static void assertLoginReadAsJson(String contentType) {
        String username = newUsername("typed");
        api.registered(username, "secret123");
        Http.Reply reply = api.post("api/auth/login", json("usernameOrEmail", username, "password", "secret123")
                .toString(), "Content-Type", contentType);
        assertEquals(200, reply.status(), reply::body);
    }
}
