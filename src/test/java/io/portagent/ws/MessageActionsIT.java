package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the studio's message actions ask of the server, over a real socket against the WAR:
 * answering the last prompt again, editing it, the provider retries announced while they happen,
 * and a stored history that says how each turn ended and what it used.
 */
class MessageActionsIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    private static JsonObjectBuilder image(String imageId) {
        return Json.createObjectBuilder().add("imageId", imageId);
    }

    private static String subscribedImage(WsClient ws) {
        String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Actions"))
                .getJsonObject("data").getJsonObject("image").getString("imageId");
        ws.request("subscribe", image(imageId));
        return imageId;
    }

    private static int awaitEndAfter(WsClient ws, int after) {
        return ws.await(f -> "conversation_end".equals(f.getString("type")) && f.getInt("seq", 0) > after,
                "conversation_end after seq " + after).getInt("seq");
    }

    /** image_messages once the turn's closing write is in and nothing runs. */
    private static JsonObject stored(WsClient ws, String imageId, int messages) {
        return Await.until(messages + " stored messages", WsClient.WAIT, () -> ws.request("image_messages",
                image(imageId)).getJsonObject("data"), d -> d.getJsonArray("messages").size() == messages
                && d.getJsonArray("turns").stream().noneMatch(t -> "running".equals(t.asJsonObject()
                        .getString("status"))));
    }

    private static List<String> contents(JsonObject history) {
        return history.getJsonArray("messages").stream().map(m -> m.asJsonObject().get("content").toString())
                .toList();
    }

    /** Regenerate keeps the prompt (same id) and replaces only the answer, in the history and in the model's context. */
    @Test
    void regenerateReplacesTheLastAnswerAndEditReplacesThePromptToo() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            String imageId = subscribedImage(ws);
            JsonObject nothing = ws.request("message_regenerate", image(imageId));
            assertEquals("nothing_to_regenerate", nothing.getJsonObject("error").getString("code"));

            app.model().enqueue(Script.text("First answer."));
            String promptId = ws.request("message_send", image(imageId).add("content", "Name a colour"))
                    .getJsonObject("data").getString("messageId");
            int end = awaitEndAfter(ws, 0);
            stored(ws, imageId, 2);

            app.model().enqueue(Script.text("Second answer."));
            JsonObject again = ws.request("message_regenerate", image(imageId));
            assertEquals(promptId, again.getJsonObject("data").getString("messageId"), "the same prompt, answered again");
            end = awaitEndAfter(ws, end);
            String context = app.model().lastRequest().bodyJson().getJsonArray("messages").toString();
            assertTrue(context.contains("Name a colour") && !context.contains("First answer."), context);
            JsonObject history = stored(ws, imageId, 2);
            assertEquals(List.of("\"Name a colour\"", "\"Second answer.\""), contents(history));
            assertEquals(promptId, history.getJsonArray("messages").getJsonObject(0).getString("messageId"));

            app.model().enqueue(Script.text("Third answer."));
            JsonObject edited = ws.request("message_regenerate", image(imageId).add("content", "Name a fruit"));
            assertNotEquals(promptId, edited.getJsonObject("data").getString("messageId"));
            awaitEndAfter(ws, end);
            context = app.model().lastRequest().bodyJson().getJsonArray("messages").toString();
            assertTrue(context.contains("Name a fruit") && !context.contains("Name a colour")
                    && !context.contains("Second answer."), context);
            assertEquals(List.of("\"Name a fruit\"", "\"Third answer.\""), contents(stored(ws, imageId, 2)));
        }
    }

    /** Nothing is deleted when the answer cannot be given again now: a turn runs, or the id is someone else's. */
    @Test
    void regenerateIsRefusedWhileATurnRunsAndForAnotherUsersConversation() {
        User alice = app.newUser();
        User mallory = app.newUser();
        try (WsClient ws = app.connect(alice); WsClient other = app.connect(mallory)) {
            String imageId = subscribedImage(ws);
            String[] words = new String[200];
            Arrays.setAll(words, i -> "w" + i + " ");
            app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(20)));
            ws.request("message_send", image(imageId).add("content", "long"));
            ws.awaitEvent("text_delta");
            JsonObject busy = ws.request("message_regenerate", image(imageId).add("content", "edited"));
            assertEquals("conversation_busy", busy.getJsonObject("error").getString("code"));
            ws.request("agent_interrupt", image(imageId));
            awaitEndAfter(ws, 0);

            JsonObject foreign = other.request("message_regenerate", image(imageId).add("content", "mine now"));
            assertEquals("not_found", foreign.getJsonObject("error").getString("code"));
            JsonObject history = stored(ws, imageId, 2);
            assertEquals("\"long\"", contents(history).get(0), "the prompt is still there");
        }
    }

    /** A busy provider is announced per attempt before the answer starts; the failed attempt leaves no trace. */
    @Test
    void providerRetriesAreAnnouncedAsTheyHappen() {
        User bob = app.newUser();
        try (WsClient ws = app.connect(bob)) {
            String imageId = subscribedImage(ws);
            app.model().enqueue(Script.overloaded());
            app.model().enqueue(Script.text("After a retry."));
            ws.request("message_send", image(imageId).add("content", "hello"));
            awaitEndAfter(ws, 0);
            List<String> types = ws.events().stream().map(e -> e.getString("type")).toList();
            assertEquals(List.of("user_message", "retrying", "message_start"), types.subList(0, 3), types.toString());
            JsonObject retrying = ws.events().get(1).getJsonObject("data");
            assertEquals(2, retrying.getInt("attempt"));
            assertEquals(4, retrying.getInt("maxAttempts"), "LLM_MAX_ATTEMPTS' default");
            assertEquals("overloaded", retrying.getString("code"));
            assertTrue(retrying.getJsonNumber("delayMs").longValue() > 0);
        }
    }

    /** A reload can show "Stopped by the user" and each turn's tokens: the history names each message's turn and how it ended. */
    @Test
    void theHistoryTellsHowEachTurnEndedAndWhatItUsed() {
        User carol = app.newUser();
        try (WsClient ws = app.connect(carol)) {
            String imageId = subscribedImage(ws);
            app.model().enqueue(Script.text("Done."));
            ws.request("message_send", image(imageId).add("content", "one"));
            int end = awaitEndAfter(ws, 0);
            String[] words = new String[200];
            Arrays.setAll(words, i -> "w" + i + " ");
            app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(20)));
            ws.request("message_send", image(imageId).add("content", "two"));
            int firstEnd = end;
            ws.await(f -> "text_delta".equals(f.getString("type")) && f.getInt("seq") > firstEnd, "a delta of turn two");
            ws.request("agent_interrupt", image(imageId));
            awaitEndAfter(ws, end);

            JsonObject history = stored(ws, imageId, 4);
            JsonArray turns = history.getJsonArray("turns");
            assertEquals(2, turns.size());
            JsonObject first = turns.getJsonObject(0);
            JsonObject second = turns.getJsonObject(1);
            assertEquals("completed", first.getString("status"));
            assertEquals("interrupted", second.getString("status"));
            assertTrue(first.getInt("inputTokens") > 0 && first.getInt("outputTokens") > 0, first.toString());
            JsonArray messages = history.getJsonArray("messages");
            assertEquals(first.getString("turnId"), messages.getJsonObject(1).getString("turnId"));
            assertEquals(second.getString("turnId"), messages.getJsonObject(2).getString("turnId"));
            assertEquals(second.getString("turnId"), messages.getJsonObject(3).getString("turnId"));
        }
    }
}
