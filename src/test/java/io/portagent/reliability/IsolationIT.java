package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.reliability.Endpoints.Endpoint;
import io.portagent.testing.Http;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Two users, A with a conversation, messages, an answer and an API key, and every way B (or
 * nobody) may try to reach them: every HTTP endpoint found in the code and every WebSocket
 * request type, each with every credential variant and A's ids (and {@code ..} paths) in every
 * slot. Figures: requests tried, responses or frames carrying A's data (must be 0), status codes
 * per variant (a bad credential on a protected endpoint: 401/403/404 only; never a 5xx), and B's
 * events while A runs turns (0 of A's).
 */
class IsolationIT {

    private static final String PASSWORD = "secret-pass";

    /** What A owns that nobody else may see: every private string, searched for in every answer B gets. */
    private final String marker = UUID.randomUUID().toString().substring(0, 8);
    private final String privateName = "A-name-" + marker;
    private final String privateText = "A-text-" + marker;
    private final String privateAnswer = "A-answer-" + marker;
    private final String privateEmail = "a-" + marker + "@private.example";
    private final String privateKeyName = "A-key-" + marker;

    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    private final Map<String, Integer> socketAnswers = new TreeMap<>();
    private final List<String> leaks = new ArrayList<>();
    private final List<String> wrongStatus = new ArrayList<>();
    private int tried;

    private record Account(String username, String userId, String containerId, String token) {
    }

    @Test
    void nobodyButTheOwnerReachesAUsersDataByAnyEndpointCredentialOrId() throws Exception {
        List<Endpoint> endpoints = Endpoints.http();
        List<String> requestTypes = Endpoints.webSocketRequests();
        int turns = Reliability.count(10, 50);
        int eventsOfA;
        try (Service service = Service.start(Map.of())) {
            URI base = service.base();
            Account a = register(base, "alice" + marker, privateEmail);
            Account b = register(base, "bob" + marker, null);
            Account disabled = register(base, "carol" + marker, null);
            Map<String, String> ids = ownData(service, a);
            String revoked = login(base, a.username()).token();
            send(base, "POST", "api/auth/logout", revoked, null);
            // disabled the way the operator documentation does it, behind the service's back
            Sqlite3.run(service.dataDir.resolve("data/portagent.db"), "UPDATE users SET isActive = 0 WHERE userId = '"
                    + disabled.userId() + "';");

            SecretKeySpec key = new SecretKeySpec(Service.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            SecretKeySpec otherKey = new SecretKeySpec("another-key-of-enough-length-0123456789abcdef"
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            Map<String, String> variants = new LinkedHashMap<>();
            variants.put("none", null);
            variants.put("garbage", "garbage.token.value");
            variants.put("alg none", algNone(a.token()));
            variants.put("HS256 another key", token(otherKey, a.userId(), Instant.now(), Duration.ofHours(1)));
            variants.put("expired", token(key, a.userId(), Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)));
            variants.put("revoked by logout", revoked);
            variants.put("disabled user", disabled.token());
            for (Map.Entry<String, String> variant : variants.entrySet()) {
                httpMatrix(base, endpoints, variant.getKey(), variant.getValue(), ids, true);
                handshake(base, variant.getKey(), variant.getValue());
            }
            httpMatrix(base, endpoints, "other user's valid token", b.token(), ids, false);
            eventsOfA = webSocketMatrix(service, a, login(base, b.username()), ids, requestTypes, turns);
            assertTrue(stillThere(base, a, ids), "A's conversation and key survived B's attempts");

            String old = a.token();
            service.restartWith(Map.of("JWT_SECRET", "a-rotated-secret-of-enough-length-9876543210"));
            httpMatrix(service.base(), endpoints, "after secret rotation", old, ids, true);
            handshake(service.base(), "after secret rotation", old);
        }
        new Report("isolation").put("http endpoints found", endpoints.size())
                .put("websocket request types found", requestTypes.size()).put("requests tried", tried)
                .put("responses or frames with the other user's data", leaks.size())
                .put("statuses per variant", statuses.toString())
                .put("socket answers to B with A's ids", socketAnswers.toString()).put("unexpected statuses", wrongStatus.size())
                .put("turns of A while B listened", turns).put("events of A that B received", eventsOfA).write();
        assertEquals(List.of(), leaks, "answers that carried A's data");
        assertEquals(List.of(), wrongStatus, "statuses outside 401/403/404 for a bad credential, or 5xx");
        assertEquals(0, eventsOfA);
    }

    /** A's conversation with a message and an answer, and an API key; the ids B will try. */
    private Map<String, String> ownData(Service service, Account a) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("userId", a.userId());
        ids.put("containerId", a.containerId());
        try (WsClient ws = WsClient.connect(service.base(), a.token())) {
            JsonObject image = ws.request("image_create", Json.createObjectBuilder().add("name", privateName))
                    .getJsonObject("data").getJsonObject("image");
            ids.put("imageId", image.getString("imageId"));
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", ids.get("imageId")));
            service.model.enqueue(Script.text(privateAnswer));
            JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", ids.get("imageId"))
                    .add("content", privateText)).getJsonObject("data");
            ids.put("messageId", sent.getString("messageId"));
            JsonObject end = ws.awaitEvent("conversation_end");
            ids.put("sessionId", end.getJsonObject("context").getString("sessionId"));
            ids.put("turnId", end.getJsonObject("context").getString("turnId"));
        }
        Http.Reply key = send(service.base(), "POST", "api/keys", a.token(), "{\"name\":\"" + privateKeyName + "\"}");
        assertEquals(201, key.status(), key.body());
        ids.put("id", key.json().getString("id"));
        ids.put("apiKey", key.json().getString("key"));
        return ids;
    }

    /** Every endpoint with this credential, each path parameter filled with each of A's ids and a {@code ..} path. */
    private void httpMatrix(URI base, List<Endpoint> endpoints, String variant, String credential,
            Map<String, String> ids, boolean badCredential) {
        // every id of A in the profile; in a plain build the ones the endpoints take (the others answer alike)
        List<String> values = new ArrayList<>(Reliability.full() ? ids.values()
                : List.of(ids.get("userId"), ids.get("imageId"), ids.get("id")));
        values.add("..%2F..%2Fdata%2Fagentx.db");
        values.add("../" + ids.get("imageId"));
        String body = Json.createObjectBuilder(Map.of("imageId", ids.get("imageId"), "userId", ids.get("userId"),
                "containerId", ids.get("containerId"), "sessionId", ids.get("sessionId"), "name", "x",
                "content", "x", "usernameOrEmail", privateEmail, "password", "wrong-password")).build().toString();
        // signing out ends the credential: those endpoints go last, so the others are tried with it intact
        List<Endpoint> ordered = new ArrayList<>(endpoints);
        ordered.sort(java.util.Comparator.comparing(e -> e.template().contains("logout")));
        for (Endpoint endpoint : ordered) {
            List<String> paths = endpoint.params().isEmpty() ? List.of(endpoint.template())
                    : values.stream().map(v -> endpoint.fill(p -> v)).toList();
            for (String path : paths) {
                Http.Reply reply = send(base, endpoint.method(), path, credential, body);
                // a `..` path is refused as malformed (400) or leaves the endpoint (the container normalises
                // it, e.g. to the UI's shell): counted apart, held to no 5xx and no data of A
                boolean dotted = path.contains("..");
                record(dotted ? variant + " (.. paths)" : variant, endpoint + " as " + path, reply.status(),
                        reply.body(), badCredential && !endpoint.open() && !dotted);
            }
        }
    }

    private void record(String variant, String what, int status, String body, boolean mustRefuse) {
        tried++;
        statuses.computeIfAbsent(variant, v -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (status >= 500 || (mustRefuse && !Set.of(401, 403, 404).contains(status))) {
            wrongStatus.add(variant + ": " + what + " -> " + status);
        }
        for (String secret : List.of(privateName, privateText, privateAnswer, privateEmail, privateKeyName)) {
            if (body != null && body.contains(secret)) {
                leaks.add(variant + ": " + what + " -> " + status + " carried " + secret);
            }
        }
    }

    /** The socket's handshake with a bad credential: refused before any frame. */
    private void handshake(URI base, String variant, String credential) {
        tried++;
        try (WsClient ws = WsClient.connect(base, credential)) {
            wrongStatus.add(variant + ": the socket opened");
        } catch (WsClient.Refused refused) {
            statuses.computeIfAbsent(variant + " (socket)", v -> new TreeMap<>()).merge(refused.status, 1, Integer::sum);
            if (!Set.of(401, 403).contains(refused.status)) {
                wrongStatus.add(variant + ": socket refused with " + refused.status);
            }
        }
    }

    /**
     * B sends every request type with A's ids in every field while A runs turns; B's frames must
     * carry none of A's data and no event of A's conversation. Returns the events of A that B got.
     */
    private int webSocketMatrix(Service service, Account a, Account b, Map<String, String> ids, List<String> types,
            int turns) {
        try (WsClient bob = WsClient.connect(service.base(), b.token());
                WsClient alice = WsClient.connect(service.base(), a.token())) {
            String own = bob.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            bob.request("subscribe", Json.createObjectBuilder().add("imageId", own));
            for (String type : types) {
                for (String id : List.of(ids.get("imageId"), ids.get("sessionId"), ids.get("messageId"),
                        ids.get("containerId"), "../" + ids.get("imageId"))) {
                    String name = type.substring(0, type.length() - "_request".length());
                    JsonObject reply = bob.request(name, Json.createObjectBuilder().add("imageId", id).add("agentId", id)
                            .add("sessionId", id).add("containerId", id).add("content", "x").add("name", "x")
                            .add("afterSeq", 0));
                    tried++;
                    String answer = reply.containsKey("error") ? reply.getJsonObject("error").getString("code") : "ok";
                    socketAnswers.merge(name + ": " + answer, 1, Integer::sum);
                }
            }
            alice.request("subscribe", Json.createObjectBuilder().add("imageId", ids.get("imageId")));
            for (int i = 0; i < turns; i++) {
                service.model.enqueue(Script.text(privateAnswer, " " + i));
                alice.request("message_send", Json.createObjectBuilder().add("imageId", ids.get("imageId"))
                        .add("content", privateText + " " + i));
                int done = i + 1;
                alice.await(f -> alice.events().stream().filter(e -> "conversation_end".equals(e.getString("type")))
                        .count() >= done, "A's turn " + done);
            }
            // a last request answered after all of A's turns: everything B was sent meanwhile has arrived
            bob.request("image_list", Json.createObjectBuilder());
            int ofA = 0;
            for (JsonObject frame : bob.frames()) {
                String text = frame.toString();
                record("frames B received (200 = any)", "frame " + frame.getString("type", "?"), 200, text, false);
                if (frame.containsKey("seq") && text.contains(ids.get("imageId"))) {
                    ofA++;
                }
            }
            return ofA;
        }
    }

    private boolean stillThere(URI base, Account a, Map<String, String> ids) {
        Http.Reply keys = send(base, "GET", "api/keys", a.token(), null);
        try (WsClient ws = WsClient.connect(base, a.token())) {
            JsonObject messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", ids.get("imageId")));
            return keys.body().contains(privateKeyName) && messages.toString().contains(privateText);
        }
    }

    private static Http.Reply send(URI base, String method, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return Http.send(request);
    }

    private static Account register(URI base, String username, String email) {
        JsonObject fields = email == null ? Json.createObjectBuilder().add("username", username).add("password", PASSWORD)
                .build() : Json.createObjectBuilder().add("username", username).add("password", PASSWORD)
                .add("email", email).build();
        Http.Reply reply = send(base, "POST", "api/auth/register", null, fields.toString());
        assertEquals(201, reply.status(), reply.body());
        JsonObject user = reply.json().getJsonObject("user");
        return new Account(username, user.getString("userId"), user.getString("containerId"),
                reply.json().getString("token"));
    }

    private static Account login(URI base, String username) {
        Http.Reply reply = send(base, "POST", "api/auth/login", null, Json.createObjectBuilder()
                .add("usernameOrEmail", username).add("password", PASSWORD).build().toString());
        assertEquals(200, reply.status(), reply.body());
        JsonObject user = reply.json().getJsonObject("user");
        return new Account(username, user.getString("userId"), user.getString("containerId"),
                reply.json().getString("token"));
    }

    private static String token(SecretKeySpec key, String userId, Instant issuedAt, Duration lifetime) {
        return Jwt.issuer("portagent").subject(userId).issuedAt(issuedAt).expiresAt(issuedAt.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString()).groups(Set.of("user")).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    private static String algNone(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }
}
