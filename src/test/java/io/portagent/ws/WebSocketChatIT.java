package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent protocol over a real socket: a chat round trip, two tabs, reconnect with replay, bad frames. */
class WebSocketChatIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("WS_MAX_FRAME_CHARS", "8192"));

    private static String createImage(WsClient ws, String name) {
        JsonObject response = ws.request("image_create", Json.createObjectBuilder().add("name", name));
        return response.getJsonObject("data").getJsonObject("image").getString("imageId");
    }

    /** A new conversation this socket is subscribed to from its first event. */
    private static String subscribedImage(WsClient ws, String name) {
        String imageId = createImage(ws, name);
        ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
        return imageId;
    }

    @Test
    void aChatRoundTripStreamsTheAnswerAndStoresTheHistory() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            String imageId = createImage(ws, "Round trip");
            JsonObject subscribed = ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            assertEquals(0, subscribed.getJsonObject("data").getInt("lastSeq"));

            app.model().enqueue(Script.text("Hello ", "from ", "the model."));
            JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "Say hello"));
            assertEquals("message_send_response", sent.getString("type"));
            String messageId = sent.getJsonObject("data").getString("messageId");
            ws.awaitEvent("conversation_end");

            List<JsonObject> events = ws.events();
            // the three deltas may come as fewer: those that reach the server together are joined
            List<String> types = new java.util.ArrayList<>();
            events.stream().map(e -> e.getString("type")).forEach(type -> {
                if (!(type.equals("text_delta") && types.get(types.size() - 1).equals(type))) {
                    types.add(type);
                }
            });
            assertEquals(List.of("user_message", "message_start", "text_delta", "message_stop", "usage",
                    "conversation_end"), types);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).getInt("seq"));
                JsonObject context = events.get(i).getJsonObject("context");
                assertEquals(imageId, context.getString("imageId"));
                assertEquals(alice.containerId(), context.getString("containerId"));
                if (events.get(i).getString("type").equals("text_delta")) {
                    text.append(events.get(i).getJsonObject("data").getString("text"));
                }
            }
            assertEquals("Hello from the model.", text.toString());
            assertEquals(messageId, events.get(0).getJsonObject("data").getString("messageId"));
            assertTrue(ws.frames().indexOf(events.get(0)) < ws.frames().indexOf(sent),
                    "user_message is announced before the send is answered");

            JsonObject history = awaitMessages(ws, imageId, 2);
            JsonArray messages = history.getJsonArray("messages");
            assertEquals("Say hello", messages.getJsonObject(0).getString("content"));
            assertEquals("Hello from the model.", messages.getJsonObject(1).getString("content"));
            assertEquals("assistant", messages.getJsonObject(1).getString("subtype"));
            assertEquals(events.size(), history.getInt("lastSeq"));

            JsonArray images = ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonArray("images");
            assertEquals(imageId, images.getJsonObject(0).getString("imageId"));
            assertFalse(images.getJsonObject(0).getBoolean("running"));
        }
    }

    @Test
    void twoTabsOfOneUserBothReceiveTheEvents() {
        User alice = app.newUser();
        try (WsClient tab1 = app.connect(alice);
             WsClient tab2 = app.connect(alice)) {
            String imageId = createImage(tab1, "Two tabs");
            tab1.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            tab2.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text("both ", "see ", "this"));
            tab1.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"));
            tab1.awaitEvent("conversation_end");
            tab2.awaitEvent("conversation_end");
            assertEquals(tab1.events(), tab2.events());
        }
    }

    @Test
    void reconnectingMidStreamWithAfterSeqCompletesTheAnswerExactlyOnce() {
        User alice = app.newUser();
        String imageId;
        long seen;
        String[] words = new String[40];
        java.util.Arrays.setAll(words, i -> "w" + i + " ");
        try (WsClient first = app.connect(alice)) {
            imageId = createImage(first, "Reconnect");
            first.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(25)));
            first.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "go"));
            first.await(f -> "text_delta".equals(f.getString("type")) && f.getInt("seq") >= 6, "a few deltas");
            List<JsonObject> events = first.events();
            seen = events.get(events.size() - 1).getInt("seq");
        }
        try (WsClient second = app.connect(alice)) {
            JsonObject response = second.request("subscribe", Json.createObjectBuilder().add("imageId", imageId)
                    .add("afterSeq", seen));
            assertTrue(second.frames().indexOf(response) == 0, "the answer comes before the replayed events");
            second.awaitEvent("conversation_end");
            List<JsonObject> events = second.events();
            for (int i = 0; i < events.size(); i++) {
                assertEquals(seen + 1 + i, events.get(i).getInt("seq"), "no gap, no duplicate");
            }
            JsonObject history = awaitMessages(second, imageId, 2);
            assertEquals(String.join("", words), history.getJsonArray("messages").getJsonObject(1).getString("content"));
        }
    }

    @Test
    void openingAConversationMidTurnWithItsSnapshotSeqLosesAndRepeatsNothing() {
        User alice = app.newUser();
        String[] words = new String[120];
        java.util.Arrays.setAll(words, i -> "w" + i + " ");
        try (WsClient writer = app.connect(alice)) {
            String imageId = createImage(writer, "Mid-turn");
            app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(25)));
            writer.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "go"));
            try (WsClient reader = app.connect(alice)) {
                JsonObject snapshot = Await.until("a checkpoint of the answer", WsClient.WAIT,
                        () -> reader.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                                .getJsonObject("data"), s -> !storedAnswer(s).isEmpty());
                String partial = storedAnswer(snapshot);
                reader.request("subscribe", Json.createObjectBuilder().add("imageId", imageId)
                        .add("afterSeq", snapshot.getInt("lastSeq")));
                reader.awaitEvent("conversation_end");
                StringBuilder text = new StringBuilder(partial);
                reader.events().stream().filter(e -> "text_delta".equals(e.getString("type")))
                        .forEach(e -> text.append(e.getJsonObject("data").getString("text")));
                assertEquals(String.join("", words), text.toString());
                assertTrue(partial.length() > 0, "the snapshot was taken mid-answer, after a checkpoint");
            }
        }
    }

    @Test
    void badFramesGetAnErrorAnswerAndTheSocketStaysOpen() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            ws.sendRaw("this is not json");
            JsonObject bad = ws.await(f -> "error_response".equals(f.getString("type")), "bad_request");
            assertTrue(bad.isNull("id"));
            assertEquals("bad_request", bad.getJsonObject("error").getString("code"));

            ws.sendRaw("{\"id\":\"x1\",\"data\":{}}");
            JsonObject noType = ws.await(f -> "x1".equals(f.getString("id", null)), "missing type");
            assertEquals("bad_request", noType.getJsonObject("error").getString("code"));

            JsonObject unknown = ws.request("teleport", Json.createObjectBuilder());
            assertEquals("unknown_type", unknown.getJsonObject("error").getString("code"));

            JsonObject missing = ws.request("message_send", Json.createObjectBuilder().add("content", "no image"));
            assertEquals("invalid_request", missing.getJsonObject("error").getString("code"));
            assertEquals("\"imageId\" is required", missing.getJsonObject("error").getString("message"));

            JsonObject wrongType = ws.request("subscribe", Json.createObjectBuilder().add("imageId", 42));
            assertEquals("invalid_request", wrongType.getJsonObject("error").getString("code"));

            JsonObject list = ws.request("image_list", Json.createObjectBuilder());
            assertEquals("image_list_response", list.getString("type"), "still open after all that");
            assertFalse(ws.isClosed());
        }
    }

    @Test
    void aFrameOverTheLimitClosesTheSocketWithAReason() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            ws.sendRaw("{\"id\":\"big\",\"type\":\"image_list_request\",\"data\":{\"pad\":\"" + "x".repeat(10_000)
                    + "\"}}");
            assertEquals(1009, ws.awaitClose(WsClient.WAIT), "1009: message too big");
        }
    }

    @Test
    void aSecondMessageWhileAnswerIsStreamingIsRefusedAsBusyAndInterruptStopsIt() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            String imageId = subscribedImage(ws, "Busy");
            String[] words = new String[200];
            java.util.Arrays.setAll(words, i -> "w" + i + " ");
            app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(20)));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "long"));
            ws.awaitEvent("text_delta");
            JsonObject busy = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "again"));
            assertEquals("conversation_busy", busy.getJsonObject("error").getString("code"));
            JsonObject running = ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonArray("images").getJsonObject(0);
            assertTrue(running.getBoolean("running"));

            JsonObject interrupted = ws.request("agent_interrupt", Json.createObjectBuilder().add("imageId", imageId));
            assertTrue(interrupted.getJsonObject("data").getBoolean("interrupted"));
            ws.awaitEvent("interrupted");
            assertEquals("interrupted", ws.awaitEvent("conversation_end").getJsonObject("data").getString("reason"));
        }
    }

    /** The conversation_end event that follows seq {@code after}. */
    private static JsonObject awaitEndAfter(WsClient ws, int after) {
        return ws.await(f -> "conversation_end".equals(f.getString("type")) && f.getInt("seq", 0) > after,
                "conversation_end after seq " + after);
    }

    /**
     * A prompt the provider refuses fails alone: the next message goes to the model without it,
     * and message_retry_request sends it again as the same message, over a real socket.
     */
    @Test
    void aRefusedPromptDoesNotPoisonTheConversationAndARetrySendsItAgain() {
        User bob = app.newUser();
        try (WsClient ws = app.connect(bob)) {
            String imageId = subscribedImage(ws, "Retry");
            app.model().enqueue(Script.httpError(400, "invalid_request_error", "This prompt was refused."));
            String refusedId = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "the refused prompt")).getJsonObject("data").getString("messageId");
            int firstEnd = awaitEndAfter(ws, 0).getInt("seq");
            awaitMessages(ws, imageId, 2);

            app.model().enqueue(Script.text("An answer to the new question."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "a new question"));
            int secondEnd = awaitEndAfter(ws, firstEnd).getInt("seq");
            String context = app.model().lastRequest().bodyJson().getJsonArray("messages").toString();
            assertTrue(context.contains("a new question") && !context.contains("the refused prompt"), context);

            JsonObject error = ws.request("message_retry", Json.createObjectBuilder().add("imageId", imageId));
            assertEquals("nothing_to_retry", error.getJsonObject("error").getString("code"),
                    "the last turn was answered");

            app.model().enqueue(Script.httpError(400, "invalid_request_error", "Refused again."));
            String againId = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "refused once more")).getJsonObject("data").getString("messageId");
            int thirdEnd = awaitEndAfter(ws, secondEnd).getInt("seq");
            awaitMessages(ws, imageId, 6);
            app.model().enqueue(Script.text("Now answered."));
            JsonObject retried = ws.request("message_retry", Json.createObjectBuilder().add("imageId", imageId));
            assertEquals("message_retry_response", retried.getString("type"));
            assertEquals(againId, retried.getJsonObject("data").getString("messageId"), "the same message again");
            awaitEndAfter(ws, thirdEnd);
            context = app.model().lastRequest().bodyJson().getJsonArray("messages").toString();
            assertTrue(context.contains("refused once more") && !context.contains("the refused prompt"), context);

            JsonArray messages = awaitMessages(ws, imageId, 7).getJsonArray("messages");
            assertEquals(List.of("user", "error", "user", "assistant", "user", "error", "assistant"), messages
                    .stream().map(m -> m.asJsonObject().getString("subtype")).toList());
            assertEquals(refusedId, messages.getJsonObject(0).getString("messageId"));
            assertEquals("Now answered.", messages.getJsonObject(6).getString("content"));
        }
    }

    /** Polls image_messages until the final write of the turn is in (it has no event of its own). */
    private static JsonObject awaitMessages(WsClient ws, String imageId, int n) {
        return Await.until(n + " stored messages and the turn over", WsClient.WAIT, () -> stored(ws, imageId),
                s -> s.data().getJsonArray("messages").size() >= n && !s.running()).data();
    }

    /** What image_messages answers, and whether image_list says the turn still runs. */
    private record Stored(JsonObject data, boolean running) {
    }

    private static Stored stored(WsClient ws, String imageId) {
        JsonObject data = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                .getJsonObject("data");
        boolean running = ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                .getJsonArray("images").stream().map(v -> v.asJsonObject())
                .anyMatch(i -> i.getString("imageId").equals(imageId) && i.getBoolean("running"));
        return new Stored(data, running);
    }

    /** The stored part of the answer in an image_messages snapshot: empty until a checkpoint. */
    private static String storedAnswer(JsonObject snapshot) {
        JsonArray stored = snapshot.getJsonArray("messages");
        return stored.size() > 1 ? stored.getJsonObject(1).getString("content") : "";
    }
}
