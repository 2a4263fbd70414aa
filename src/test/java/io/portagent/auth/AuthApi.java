package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.AppUnderTest;
import io.portagent.testing.Http;
import io.portagent.testing.Sqlite3;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /api/auth} and {@code /agentx} of a running app, called over real HTTP as a client
 * would. Every answer is checked to carry no exception name or stack trace. Logins come from a
 * fresh {@code X-Forwarded-For} address each (the test connects from 127.0.0.1, a trusted
 * proxy), so one test's failed logins never throttle another's.
 */
final class AuthApi {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private final AppUnderTest app;

    AuthApi(AppUnderTest app) {
        this.app = app;
    }

    /** A username no other test of this run uses, e.g. {@code alice-3f2a9c}. */
    static String newUsername(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client address (from 198.18.0.0/15, the benchmarking range) no other call of this run uses. */
    static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A JSON object of string fields: {@code json("username", "alice", "password", "secret1")}. */
    static JsonObject json(String... keyValues) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.add(keyValues[i], keyValues[i + 1]);
        }
        return builder.build();
    }

    Http.Reply register(JsonObject body) {
        return post("api/auth/register", body.toString());
    }

    /** Registers {@code username} and returns the 201 answer; fails the test on anything else. */
    JsonObject registered(String username, String password) {
        Http.Reply reply = register(json("username", username, "password", password));
        assertEquals(201, reply.status(), reply::body);
        return reply.json();
    }

    String tokenOf(String username, String password) {
        return registered(username, password).getString("token");
    }

    Http.Reply login(String usernameOrEmail, String password) {
        return login(usernameOrEmail, password, newAddress());
    }

    /** A login sent with {@code X-Forwarded-For: forwardedFor}. */
    Http.Reply login(String usernameOrEmail, String password, String forwardedFor) {
        return post("api/auth/login", json("usernameOrEmail", usernameOrEmail, "password", password).toString(),
                "X-Forwarded-For", forwardedFor);
    }

    Http.Reply verify(String token) {
        return get("api/auth/verify", "Authorization", "Bearer " + token);
    }

    Http.Reply verifyByQuery(String token) {
        return get("api/auth/verify?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    Http.Reply info(String token) {
        return get("agentx/info", "Authorization", "Bearer " + token);
    }

    Http.Reply logout(String token) {
        return post("api/auth/logout", "", "Authorization", "Bearer " + token);
    }

    /** A POST with {@code Content-Type: application/json} (unless a header says otherwise) and extra headers. */
    Http.Reply post(String path, String body, String... headers) {
        return postBytes(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Http.Reply postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contains(headers, "Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        return send(request, headers);
    }

    /** Any method; a body (when not null) is sent as JSON. */
    Http.Reply call(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, headers);
    }

    Http.Reply get(String path, String... headers) {
        return send(HttpRequest.newBuilder(app.uri(path)).GET(), headers);
    }

    Path usersDb() {
        return app.dataDir().resolve("data/portagent.db");
    }

    Path agentsDb() {
        return app.dataDir().resolve("data/agentx.db");
    }

    int containerCount() {
        return Integer.parseInt(Sqlite3.run(agentsDb(), "SELECT count(*) FROM containers;"));
    }

    private static Http.Reply send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        Http.Reply reply = Http.send(request);
        assertFalse(reply.body().contains("Exception"), reply::body);
        assertFalse(reply.body().contains("at io.portagent"), reply::body);
        assertFalse(reply.body().contains("passwordHash"), reply::body);
        return reply;
    }

    private static boolean contains(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
