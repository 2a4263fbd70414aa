package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Socket tickets through a real WebSocket client: a ticket from {@code POST /api/auth/ws-ticket}
 * opens one socket of its own user, once; a used, expired or unknown ticket, a ticket whose token
 * was signed out or whose user was disabled, and a ticket anywhere but {@code /ws} are refused;
 * the socket it opened closes when its token is signed out, as a socket opened with the token does.
 */
class SocketTicketIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder());

    private static String ticketOf(String token) {
        Http.Reply reply = Http.send(HttpRequest.newBuilder(app.uri("api/auth/ws-ticket"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getString("ticket");
    }

    private static URI withTicket(String ticket) {
        String socket = app.baseUri().resolve("ws").toString().replaceFirst("^http", "ws");
        return URI.create(socket + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    private static WsClient open(String ticket) {
        return WsClient.open(withTicket(ticket), null, null);
    }

    private static int refusal(String ticket) {
        return assertThrows(WsClient.Refused.class, () -> open(ticket).close()).status;
    }

    private static String conversationOf(User user) {
        try (WsClient ws = app.connect(user)) {
            return ws.request("image_create", Json.createObjectBuilder().add("name", user.username()))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
        }
    }

    @Test
    void aTicketOpensOneSocketOfItsOwnUserOnce() {
        User alice = TestUsers.register(app);
        User bob = TestUsers.register(app);
        String alicesConversation = conversationOf(alice);
        conversationOf(bob);
        String ticket = ticketOf(alice.token());
        assertTrue(ticket.length() >= 43, ticket);

        try (WsClient ws = open(ticket)) {
            JsonObject images = ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data");
            assertEquals(1, images.getJsonArray("images").size(), images::toString);
            assertEquals(alicesConversation, images.getJsonArray("images").getJsonObject(0).getString("imageId"));
        }
        assertEquals(401, refusal(ticket), "used up");
        assertEquals(401, refusal("not-a-ticket"));
    }

    @Test
    void anExpiredTicketIsRefused() {
        User alice = TestUsers.register(app);
        String ticket = ticketOf(alice.token());
        Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "UPDATE ws_tickets SET expiresAt = 1000 WHERE userId = '"
                + alice.userId() + "';");
        assertEquals(401, refusal(ticket));
    }

    @Test
    void aTicketIsNoBetterThanItsTokenSignedOutOrItsUserDisabled() {
        User alice = TestUsers.register(app);
        String signedOut = ticketOf(alice.token());
        TestUsers.logout(app, alice);
        assertEquals(401, refusal(signedOut));

        User bob = TestUsers.register(app);
        String disabled = ticketOf(bob.token());
        Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "UPDATE users SET isActive = 0 WHERE userId = '"
                + bob.userId() + "';");
        assertEquals(401, refusal(disabled));
    }

    @Test
    void aTicketsSocketClosesWhenItsTokenIsSignedOut() {
        User alice = TestUsers.register(app);
        try (WsClient ws = open(ticketOf(alice.token()))) {
            TestUsers.logout(app, alice);
            assertEquals(4401, ws.awaitClose(Duration.ofSeconds(20)));
        }
    }

    @Test
    void aTicketOpensNothingButTheSocketAndNeedsASignedInCaller() {
        User alice = TestUsers.register(app);
        String ticket = ticketOf(alice.token());
        assertEquals(401, Http.get(app.uri("api/auth/me?ticket=" + ticket)).status());
        assertEquals(401, Http.get(app.uri("agentx/info?ticket=" + ticket)).status());
        open(ticket).close(); // still unused: the other paths did not take it

        Http.Reply anonymous = Http.send(HttpRequest.newBuilder(app.uri("api/auth/ws-ticket"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, anonymous.status());
        assertEquals(401, refusal(alice.token()), "a token is not a ticket");
    }
}
