package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.AppUnderTest;
import io.portagent.testing.Await;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import io.portagent.testing.Http;
import io.portagent.testing.Sqlite3;
import jakarta.json.JsonObject;

/**
 * The admin API of a running app for tests, as the admin console calls it. The first admin is
 * made the way an operator can, with sqlite3 on {@code user_roles}; the rest through the API.
 */
final class AdminApi {

    static final String PASSWORD = "secret123";

    final AuthApi api;
    private final AppUnderTest app;

    AdminApi(AppUnderTest app) {
        this.app = app;
        this.api = new AuthApi(app);
    }

    /** A registered user made an admin with sqlite3; their token (issued after the grant). */
    Account newAdmin(String prefix) {
        Account user = newUser(prefix);
        Sqlite3.run(api.usersDb(), "INSERT INTO user_roles(userId, role, grantedAt) VALUES ('" + user.userId()
                + "', 'admin', 0);");
        return new Account(user.username(), user.userId(), user.containerId(), login(user.username()));
    }

    /** A user registered through the API. */
    Account newUser(String prefix) {
        String username = AuthApi.newUsername(prefix);
        JsonObject reply = api.registered(username, PASSWORD);
        JsonObject user = reply.getJsonObject("user");
        return new Account(username, user.getString("userId"), user.getString("containerId"),
                reply.getString("token"));
    }

    String login(String username) {
        Http.Reply reply = api.login(username, PASSWORD);
        assertEquals(200, reply.status(), reply::body);
        return reply.json().getString("token");
    }

    /** A call with {@code token} (null: none); {@code body} null sends none. */
    Http.Reply call(String token, String method, String path, String body) {
        return token == null ? api.call(method, path, body, "X-Forwarded-For", AuthApi.newAddress())
                : api.call(method, path, body, "Authorization", "Bearer " + token, "X-Forwarded-For",
                        AuthApi.newAddress());
    }

    /** A call that must answer {@code status}; its JSON. */
    JsonObject expect(int status, String token, String method, String path, String body) {
        Http.Reply reply = call(token, method, path, body);
        assertEquals(status, reply.status(), () -> method + " " + path + ": " + reply.body());
        return reply.json();
    }

    /** Audit entries of {@code action} whose actor or target is {@code userId}. */
    int auditCount(String action, String userId) {
        return Integer.parseInt(Sqlite3.run(api.usersDb(), "SELECT count(*) FROM audit_log WHERE action = '"
                + action + "' AND (actorUserId = '" + userId + "' OR targetUserId = '" + userId + "');"));
    }

    /** A user of this app: name, ids and a token. */
    record Account(String username, String userId, String containerId, String token) {
    }

    /** A new conversation on {@code ws} with one turn that the model reports as these tokens; its imageId. */
    static String spendTokens(PortagentApp app, WsClient ws, int inputTokens, int outputTokens) {
        String imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                .getJsonObject("image").getString("imageId");
        ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
        app.model().enqueue(Script.text("Spent.").usage(inputTokens, outputTokens));
        ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "go"));
        ws.awaitEvent("conversation_end");
        // conversation_end is sent before the turn's closing write commits; the ledger is in that write
        Await.until("the turn's tokens stored", WsClient.WAIT, () -> ws.request("image_messages",
                Json.createObjectBuilder().add("imageId", imageId)).getJsonObject("data").get("lastTurn"),
                lastTurn -> lastTurn instanceof JsonObject turn && turn.getInt("inputTokens") == inputTokens);
        return imageId;
    }
}
