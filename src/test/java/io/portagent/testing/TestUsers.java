package io.portagent.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicInteger;

/** Registers users through the real API and hands back their token and ids. */
public final class TestUsers {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A registered user. */
    public record User(String username, String userId, String containerId, String token) {
    }

    private TestUsers() {
    }

    public static User register(AppUnderTest app) {
        return register(app.baseUri());
    }

    /** Registers through the API under {@code base} (a context root with a trailing slash). */
    public static User register(URI base) {
        return register(base, null);
    }

    /** Registers with an invite code, for a server in invite mode; null for none. */
    public static User register(URI base, String inviteCode) {
        String username = "user" + COUNTER.incrementAndGet() + "_" + System.nanoTime() % 100_000;
        JsonObjectBuilder fields = Json.createObjectBuilder().add("username", username).add("password", "secret-pass");
        if (inviteCode != null) {
            fields.add("inviteCode", inviteCode);
        }
        String body = fields.build().toString();
        Http.Reply reply = Http.send(HttpRequest.newBuilder(base.resolve("api/auth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (reply.status() != 201) {
            throw new AssertionError("register failed: " + reply.status() + " " + reply.body());
        }
        JsonObject json = reply.json();
        JsonObject user = json.getJsonObject("user");
        return new User(username, user.getString("userId"), user.getString("containerId"), json.getString("token"));
    }

    public static void logout(AppUnderTest app, User user) {
        Http.send(HttpRequest.newBuilder(app.uri("api/auth/logout")).header("Authorization", "Bearer " + user.token())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
