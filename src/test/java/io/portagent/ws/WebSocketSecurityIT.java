package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nobody unauthenticated gets a socket, and a socket only ever sees its own user's data: the
 * handshake refusals, Origin checks, per-user isolation of every request and event, and the
 * 4401 close when a token stops being good.
 */
class WebSocketSecurityIT {

    private static final String SECRET = "websocket-security-test-secret-0123456789";

    // no proxy in front: the test's own connections come straight from the browser's place
    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("JWT_SECRET", SECRET)
            .set("ALLOWED_ORIGINS", "https://portal.example.com").set("TRUSTED_PROXIES", "192.0.2.1"));

    private static int refusal(URI uri, String bearer, String origin) {
        return assertThrows(WsClient.Refused.class, () -> WsClient.open(uri, bearer, origin).close()).status;
    }

    private static String token(String userId, Instant issued, Instant expires) {
        return Jwt.issuer("portagent").subject(userId).issuedAt(issued).expiresAt(expires).claim("jti", "forged-jti")
                .jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    @Test
    void theHandshakeIsRefusedWith401WithoutAGoodToken() {
        User user = app.newUser();
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), null), null, null), "no token");
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), "not.a.jwt"), null, null), "garbage");
        String tampered = user.token().substring(0, user.token().length() - 3) + "AAA";
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), tampered), null, null), "bad signature");
        Instant past = Instant.now().minus(Duration.ofDays(8));
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), token(user.userId(), past, past.plusSeconds(60))),
                null, null), "expired");
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), null), "not.a.jwt", null), "bad bearer header");
        WsClient.open(WsClient.wsUri(app.baseUri(), null), user.token(), null).close();
    }

    @Test
    void aRevokedTokenAndADisabledUserAreRefusedToo() {
        User revoked = app.newUser();
        TestUsers.logout(app, revoked);
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), revoked.token()), null, null));

        User disabled = app.newUser();
        Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                "UPDATE users SET isActive = 0 WHERE username = '" + disabled.username() + "';");
        assertEquals(401, refusal(WsClient.wsUri(app.baseUri(), disabled.token()), null, null));
    }

    @Test
    void browsersFromOtherSitesAreRefusedWith403() {
        User user = app.newUser();
        URI uri = WsClient.wsUri(app.baseUri(), user.token());
        assertEquals(403, refusal(uri, null, "https://evil.example.org"));
        String own = "http://" + app.baseUri().getAuthority();
        WsClient.open(uri, null, own).close();
        WsClient.open(uri, null, "https://portal.example.com").close();
        WsClient.open(uri, null, null).close();
    }

    @Test
    void anotherUsersIdsAnswerNotFoundAndTheirEventsNeverArrive() {
        User alice = app.newUser();
        User bob = app.newUser();
        try (WsClient a = app.connect(alice);
             WsClient b = app.connect(bob)) {
            String imageId = a.request("image_create", Json.createObjectBuilder().add("name", "Alice's secret"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            a.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));

            Map<String, JsonObjectBuilder> attempts = Map.of(
                    "subscribe", Json.createObjectBuilder().add("imageId", imageId).add("afterSeq", 0),
                    "image_messages", Json.createObjectBuilder().add("imageId", imageId),
                    "image_update", Json.createObjectBuilder().add("imageId", imageId).add("name", "mine"),
                    "message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"),
                    "agent_receive", Json.createObjectBuilder().add("agentId", imageId).add("content", "hi"),
                    "agent_interrupt", Json.createObjectBuilder().add("imageId", imageId),
                    "unsubscribe", Json.createObjectBuilder().add("imageId", imageId),
                    "image_delete", Json.createObjectBuilder().add("imageId", imageId));
            for (Map.Entry<String, JsonObjectBuilder> attempt : attempts.entrySet()) {
                JsonObject answer = b.request(attempt.getKey(), attempt.getValue());
                JsonObject error = answer.getJsonObject("error");
                assertEquals("not_found", error.getString("code"), attempt.getKey());
                assertEquals("No conversation " + imageId, error.getString("message"), attempt.getKey());
            }
            JsonObject missing = b.request("image_messages", Json.createObjectBuilder().add("imageId", "no-such-id"));
            assertEquals("not_found", missing.getJsonObject("error").getString("code"));
            assertTrue(b.request("image_list", Json.createObjectBuilder()).getJsonObject("data").getJsonArray("images")
                    .isEmpty());

            app.model().enqueue(Script.text("only ", "for ", "alice"));
            a.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hello"));
            a.awaitEvent("conversation_end");
            assertTrue(b.events().isEmpty(), "Bob received events: " + b.events());
            List<String> bobTypes = b.frames().stream().map(f -> f.getString("type")).toList();
            assertTrue(bobTypes.stream().allMatch(t -> t.endsWith("_response")), bobTypes.toString());
            assertEquals("Alice's secret", a.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonArray("images").getJsonObject(0).getString("name"));
        }
    }

    @Test
    void logoutClosesTheOpenSocketWith4401() {
        User user = app.newUser();
        try (WsClient ws = app.connect(user)) {
            ws.request("image_list", Json.createObjectBuilder());
            TestUsers.logout(app, user);
            assertEquals(4401, ws.awaitClose(WsClient.WAIT));
            assertTrue(ws.closeReason().contains("signed out"), ws.closeReason());
        }
    }

    @Test
    void aTokenThatExpiresWhileConnectedClosesTheSocketWith4401() {
        User user = app.newUser();
        Instant now = Instant.now();
        try (WsClient ws = WsClient.connect(app.baseUri(), token(user.userId(), now, now.plusSeconds(3)))) {
            ws.request("image_list", Json.createObjectBuilder());
            assertEquals(4401, ws.awaitClose(Duration.ofSeconds(3 + Connections.REVALIDATE_SECONDS * 3)));
            assertTrue(ws.closeReason().contains("token expired"), ws.closeReason());
        }
    }

    @Test
    void disablingTheUserClosesTheirOpenSocketWith4401() {
        User user = app.newUser();
        try (WsClient ws = app.connect(user)) {
            ws.request("image_list", Json.createObjectBuilder());
            Sqlite3.run(app.dataDir().resolve("data/portagent.db"),
                    "UPDATE users SET isActive = 0 WHERE username = '" + user.username() + "';");
            assertEquals(4401, ws.awaitClose(Duration.ofSeconds(Connections.REVALIDATE_SECONDS * 3)));
            assertTrue(ws.closeReason().contains("account disabled"), ws.closeReason());
        }
    }
}
