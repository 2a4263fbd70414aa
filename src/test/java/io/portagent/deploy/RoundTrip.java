package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.Script;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the matrix proves on every server and through every proxy, over the network only:
 * register, log in, open {@code /ws} with the token, create a conversation, subscribe, send a
 * message the fake model answers, check the streamed {@code text_delta}s and the stored history;
 * then open a socket with a ticket, and stream an answer from {@code /v1} with a personal API key.
 */
final class RoundTrip {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String PASSWORD = "matrix-secret-pass";

    private RoundTrip() {
    }

    /** A signed-in user: the token comes from {@code /api/auth/login}, not from registration. */
    record Session(String username, String token) {
    }

    /** {@code base} ends with '/', e.g. {@code http://127.0.0.1:8080/portagent/}. */
    static Session registerAndLogIn(URI base) {
        String username = "matrix" + USERS.incrementAndGet() + "_" + System.nanoTime() % 100_000;
        Http.Reply registered = post(base.resolve("api/auth/register"),
                Json.createObjectBuilder().add("username", username).add("password", PASSWORD).build().toString());
        assertEquals(201, registered.status(), () -> "register at " + base + ": " + registered.body());
        assertTrue(registered.json().getString("token").length() > 20);

        Http.Reply login = post(base.resolve("api/auth/login"), Json.createObjectBuilder()
                .add("usernameOrEmail", username).add("password", PASSWORD).build().toString());
        assertEquals(200, login.status(), () -> "login at " + base + ": " + login.body());
        String token = login.json().getString("token");

        Http.Reply info = Http.send(HttpRequest.newBuilder(base.resolve("agentx/info"))
                .header("Authorization", "Bearer " + token).GET());
        assertEquals(200, info.status(), () -> "agentx/info with the token at " + base + ": " + info.body());
        return new Session(username, token);
    }

    private static Http.Reply post(URI uri, String json) {
        return Http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Opens the socket, creates a conversation and subscribes; returns the image id. */
    static String openConversation(WsClient ws, String name) {
        JsonObject created = ws.request("image_create", Json.createObjectBuilder().add("name", name));
        assertEquals("image_create_response", created.getString("type"), created::toString);
        String imageId = created.getJsonObject("data").getJsonObject("image").getString("imageId");
        JsonObject subscribed = ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
        assertEquals("subscribe_response", subscribed.getString("type"), subscribed::toString);
        return imageId;
    }

    /**
     * Sends {@code question}, lets the fake model answer with {@code deltas}, and checks the
     * streamed text and the stored history ({@code image_messages}).
     */
    static void chat(WsClient ws, FakeAnthropic fake, String imageId, String question, String... deltas) {
        int before = ws.events().size();
        fake.enqueue(Script.text(deltas));
        JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", question));
        assertEquals("message_send_response", sent.getString("type"), sent::toString);
        ws.await(f -> "conversation_end".equals(f.getString("type")) && f.containsKey("seq")
                && imageId.equals(f.getJsonObject("context").getString("imageId"))
                && ws.events().indexOf(f) >= before, "conversation_end of '" + question + "'");

        List<JsonObject> events = ws.events().subList(before, ws.events().size());
        StringBuilder streamed = new StringBuilder();
        int deltaCount = 0;
        for (JsonObject event : events) {
            if ("text_delta".equals(event.getString("type"))) {
                streamed.append(event.getJsonObject("data").getString("text"));
                deltaCount++;
            }
        }
        String expected = String.join("", deltas);
        assertEquals(expected, streamed.toString(), () -> "streamed answer; events: " + events);
        // at most one text_delta per streamed chunk: chunks that reach the server together are joined
        int count = deltaCount;
        assertTrue(count >= 1 && count <= deltas.length, () -> count + " text_delta events for " + deltas.length
                + " chunks");
        JsonObject end = events.stream().filter(e -> "conversation_end".equals(e.getString("type"))).findFirst()
                .orElseThrow();
        assertEquals("end_turn", end.getJsonObject("data").getString("reason"));

        JsonArray messages = awaitHistory(ws, imageId, question, expected);
        JsonObject answer = messages.getJsonObject(messages.size() - 1);
        assertEquals("assistant", answer.getString("subtype"));
        assertEquals(expected, answer.getString("content"));
    }

    /**
     * The model calls the workspace tool {@code write_file}, then answers: the tool's result
     * comes over the socket, and the answer after it is stored.
     */
    static void toolCall(WsClient ws, FakeAnthropic fake, String imageId) {
        int before = ws.events().size();
        fake.enqueue(Script.toolUse("toolu_matrix", "write_file", "{\"path\": \"matrix.txt\",", " \"content\": \"hello\"}"),
                Script.text("Saved ", "matrix.txt."));
        JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", "Save a file"));
        assertEquals("message_send_response", sent.getString("type"), sent::toString);
        ws.await(f -> "conversation_end".equals(f.getString("type")) && f.containsKey("seq")
                && ws.events().indexOf(f) >= before, "conversation_end of the tool call");
        JsonObject result = ws.events().subList(before, ws.events().size()).stream()
                .filter(e -> "tool_result".equals(e.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no tool_result in " + ws.events().subList(before, ws.events().size())))
                .getJsonObject("data");
        assertEquals("Created 'matrix.txt' (5 bytes).", result.getString("result"), result::toString);
        awaitHistory(ws, imageId, "Save a file", "Saved matrix.txt.");
    }

    /** Polls {@code image_messages} until the question and the answer are both stored. */
    private static JsonArray awaitHistory(WsClient ws, String imageId, String question, String answer) {
        return Await.until("the question and the answer stored", WsClient.WAIT, () -> history(ws, imageId),
                messages -> contains(messages, question) && contains(messages, answer));
    }

    private static JsonArray history(WsClient ws, String imageId) {
        JsonObject response = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId));
        assertEquals("image_messages_response", response.getString("type"), response::toString);
        return response.getJsonObject("data").getJsonArray("messages");
    }

    private static boolean contains(JsonArray messages, String content) {
        return messages.stream().map(v -> v.asJsonObject()).anyMatch(m -> content.equals(m.getString("content", null)));
    }

    /** The whole round trip on a fresh user. */
    static void full(URI base, FakeAnthropic fake, String where) {
        Session session = registerAndLogIn(base);
        try (WsClient ws = WsClient.connect(base, session.token())) {
            String imageId = openConversation(ws, "Matrix " + where);
            chat(ws, fake, imageId, "Hello from " + where, "Answer ", "streamed ", "through ", where);
        }
        socketByTicket(base, session);
        gateway(base, session, fake, where);
    }

    /** A socket opened with a single-use ticket instead of the token. */
    static void socketByTicket(URI base, Session session) {
        Http.Reply issued = Http.send(HttpRequest.newBuilder(base.resolve("api/auth/ws-ticket"))
                .header("Authorization", "Bearer " + session.token()).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, issued.status(), () -> "ws-ticket at " + base + ": " + issued.body());
        URI socket = URI.create(base.resolve("ws").toString().replaceFirst("^http", "ws") + "?ticket="
                + issued.json().getString("ticket"));
        try (WsClient ws = WsClient.open(socket, null, null)) {
            JsonObject listed = ws.request("image_list", Json.createObjectBuilder());
            assertEquals("image_list_response", listed.getString("type"), listed::toString);
        }
    }

    /** A personal API key, then a streamed completion on the OpenAI-compatible {@code /v1}. */
    static void gateway(URI base, Session session, FakeAnthropic fake, String where) {
        Http.Reply made = Http.send(HttpRequest.newBuilder(base.resolve("api/keys"))
                .header("Authorization", "Bearer " + session.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"matrix\"}")));
        assertEquals(201, made.status(), () -> "api/keys at " + base + ": " + made.body());
        String key = made.json().getString("key");
        Http.Reply models = Http.send(HttpRequest.newBuilder(base.resolve("v1/models"))
                .header("Authorization", "Bearer " + key).GET());
        assertEquals(200, models.status(), () -> "v1/models at " + base + ": " + models.body());
        String model = models.json().getJsonArray("data").getJsonObject(0).getString("id");
        fake.enqueue(Script.text("Gateway ", "through ", where));
        Http.Reply streamed = Http.send(HttpRequest.newBuilder(base.resolve("v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        assertEquals(200, streamed.status(), () -> "v1/chat/completions at " + base + ": " + streamed.body());
        // the text as the chunks carry it (deltas that arrive together come as one chunk)
        String text = streamed.body().lines().filter(l -> l.startsWith("data: {"))
                .map(l -> Json.createReader(new java.io.StringReader(l.substring(6))).readObject())
                .flatMap(c -> c.getJsonArray("choices").getValuesAs(JsonObject.class).stream())
                .map(c -> c.getJsonObject("delta").getString("content", "")).collect(java.util.stream.Collectors.joining());
        assertTrue(text.equals("Gateway through " + where) && streamed.body().strip().endsWith("data: [DONE]"),
                streamed::body);
    }
}
