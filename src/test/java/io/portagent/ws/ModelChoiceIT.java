package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Dialect;
import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TwoProviders;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two providers in one instance, an Anthropic one ({@code default}) and an OpenAI-compatible one
 * ({@code local}): the models a user may choose, a model per conversation, the model on each
 * answer, and a history written with one provider continuing on the other.
 */
class ModelChoiceIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI));

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
        assertEquals(List.of(), OPENAI.internalErrors());
    }

    private static JsonObject image(WsClient ws, String model) {
        JsonObject image = ws.request("image_create", Json.createObjectBuilder().add("model", model))
                .getJsonObject("data").getJsonObject("image");
        ws.request("subscribe", Json.createObjectBuilder().add("imageId", image.getString("imageId")));
        return image;
    }

    private static void send(WsClient ws, String imageId, String text) {
        int ended = ends(ws);
        ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", text));
        ws.await(f -> ends(ws) > ended, "the turn's conversation_end");
    }

    private static int ends(WsClient ws) {
        return (int) ws.events().stream().filter(e -> e.getString("type").equals("conversation_end")).count();
    }

    private static String errorCode(JsonObject response) {
        return response.getJsonObject("error").getString("code");
    }

    @Test
    void theModelListNamesEveryModelWithItsProviderTheDefaultFirst() {
        try (WsClient ws = app.connect(app.newUser())) {
            JsonObject data = ws.request("model_list", Json.createObjectBuilder()).getJsonObject("data");
            assertEquals(Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("id", "claude-a").add("provider", "default"))
                    .add(Json.createObjectBuilder().add("id", "qwen").add("provider", "local")).build(),
                    data.getJsonArray("models"));
            JsonObject plain = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data");
            assertEquals("claude-a", plain.getJsonObject("image").getString("model"));
        }
    }

    @Test
    void aConversationOnTheSecondProviderIsAnsweredThereAndEachAnswerNamesItsModel() {
        try (WsClient ws = app.connect(app.newUser())) {
            String imageId = image(ws, "qwen").getString("imageId");
            OPENAI.enqueue(Script.text("Hi from ", "qwen."));
            send(ws, imageId, "Hello?");

            assertEquals("qwen", OPENAI.lastRequest().bodyJson().getString("model"));
            JsonObject start = ws.events().stream().filter(e -> e.getString("type").equals("message_start"))
                    .findFirst().orElseThrow();
            assertEquals("qwen", start.getJsonObject("data").getString("model"));
            JsonObject answer = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonArray("messages").getJsonObject(1);
            assertEquals("Hi from qwen.", answer.getString("content"));
            assertEquals("qwen", answer.getString("model"));
        }
    }

    @Test
    void aModelTheUserMayNotUseIsRefusedWithTheChoicesOnCreateAndUpdate() {
        try (WsClient ws = app.connect(app.newUser())) {
            JsonObject created = ws.request("image_create", Json.createObjectBuilder().add("model", "gpt-9"));
            assertEquals("model_not_allowed", errorCode(created));
            assertTrue(created.getJsonObject("error").getString("message").contains("claude-a, qwen"), created.toString());
            String imageId = image(ws, "claude-a").getString("imageId");
            JsonObject updated = ws.request("image_update", Json.createObjectBuilder().add("imageId", imageId)
                    .add("model", "gpt-9"));
            assertEquals("model_not_allowed", errorCode(updated));
            JsonObject changed = ws.request("image_update", Json.createObjectBuilder().add("imageId", imageId)
                    .add("model", "qwen")).getJsonObject("data").getJsonObject("image");
            assertEquals("qwen", changed.getString("model"));
        }
    }

    @Test
    void anotherUsersConversationCannotHaveItsModelChanged() {
        User alice = app.newUser();
        String imageId;
        try (WsClient ws = app.connect(alice)) {
            imageId = image(ws, "claude-a").getString("imageId");
        }
        try (WsClient mallory = app.connect(app.newUser())) {
            assertEquals("not_found", errorCode(mallory.request("image_update", Json.createObjectBuilder()
                    .add("imageId", imageId).add("model", "qwen"))));
        }
    }

    /** The OpenAI-compatible fake refuses, as real servers do, a history whose tool results do not match its calls. */
    @Test
    void aConversationWithToolCallsOnAnthropicContinuesOnOpenAiAndBack() {
        try (WsClient ws = app.connect(app.newUser())) {
            String imageId = image(ws, "claude-a").getString("imageId");
            app.model().enqueue(Script.toolUse("toolu_ant1", "list_files", "{}"), Script.text("Nothing there."));
            send(ws, imageId, "What files are there?");
            ws.request("image_update", Json.createObjectBuilder().add("imageId", imageId).add("model", "qwen"));
            OPENAI.enqueue(Script.toolUse("call_oai1", "list_files", "{}"), Script.text("Still nothing."));
            send(ws, imageId, "And now?");

            List<JsonValue> sent = Dialect.OPENAI.conversation(OPENAI.requests().get(OPENAI.requests().size() - 2)
                    .bodyJson());
            assertEquals("toolu_ant1", Dialect.OPENAI.toolCallId(sent.get(1).asJsonObject()));
            assertEquals("toolu_ant1", Dialect.OPENAI.toolResultId(sent.get(2).asJsonObject()));
            assertEquals("Still nothing.", lastAnswer(ws, imageId));

            ws.request("image_update", Json.createObjectBuilder().add("imageId", imageId).add("model", "claude-a"));
            app.model().enqueue(Script.text("Back on Anthropic."));
            send(ws, imageId, "Thanks");
            List<JsonValue> back = Dialect.ANTHROPIC.conversation(app.model().lastRequest().bodyJson());
            assertTrue(back.stream().map(JsonValue::asJsonObject).anyMatch(m -> "call_oai1".equals(
                    Dialect.ANTHROPIC.toolResultId(m))), back.toString());
            assertEquals("Back on Anthropic.", lastAnswer(ws, imageId));
        }
    }

    private static String lastAnswer(WsClient ws, String imageId) {
        List<JsonValue> messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                .getJsonObject("data").getJsonArray("messages");
        JsonObject last = messages.get(messages.size() - 1).asJsonObject();
        assertEquals("assistant", last.getString("subtype"), last.toString());
        return last.getString("content");
    }
}
