package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.RecordedRequest;
import io.portagent.testing.Script;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves the event sequences a successful stream produces, over real HTTP against the llm.fake(). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LlmClientStreamTest {

    @RegisterExtension
    final LlmFixture llm = new LlmFixture();

    @Test
    void textStreamArrivesAsStartDeltasStopAndComplete() {
        llm.fake().enqueue(Script.text("Hel", "lo, ", "world").usage(12, 3));
        RecordingListener listener = llm.streamToCompletion();

        assertEquals(List.of("MessageStart", "TextStart", "TextDelta", "BlockStop", "MessageDelta", "MessageStop"),
                listener.kindsJoined());
        assertEquals("Hello, world", listener.text());
        StreamEvent.MessageStart start = (StreamEvent.MessageStart) listener.events().get(0);
        assertEquals(LlmTesting.MODEL, start.model());
        assertEquals(12, start.inputTokens());
        assertTrue(start.messageId().startsWith("msg_"));
        assertEquals(new StreamEvent.MessageDelta(StopReason.END_TURN, 0, 3), listener.last(StreamEvent.MessageDelta.class));
    }

    @Test
    void toolUseInputJsonDeltasConcatenateToValidJson() {
        llm.fake().enqueue(Script.stream()
                .text("Let me check.")
                .toolUse("toolu_01", "get_weather", "", "{\"loc", "ation\": \"San Fr", "ancisco\", \"un", "it\": 1}"));
        RecordingListener listener = llm.streamToCompletion();

        assertEquals(List.of("MessageStart", "TextStart", "TextDelta", "BlockStop", "ToolUseStart", "InputJsonDelta",
                "InputJsonDelta", "InputJsonDelta", "InputJsonDelta", "InputJsonDelta", "BlockStop", "MessageDelta",
                "MessageStop"), listener.kinds());
        assertEquals(new StreamEvent.ToolUseStart(1, "toolu_01", "get_weather"), listener.events().get(4));
        JsonObject input = Json.object(listener.inputJson(1).getBytes(StandardCharsets.UTF_8),
                listener.inputJson(1).getBytes(StandardCharsets.UTF_8).length);
        assertEquals("San Francisco", input.getString("location"));
        assertEquals(1, input.getInt("unit"));
        assertEquals(StopReason.TOOL_USE, ((StreamEvent.MessageDelta) listener.events().get(11)).stopReason());
    }

    @Test
    void crlfSplitWritesPingsAndCommentsDoNotChangeTheEvents() {
        llm.fake().enqueue(Script.text("Grüße, ", "🌍", "!").crlf().splitWrites().pingEvery(1).keepAliveEvery(1)
                .ping().comment("hi"));
        RecordingListener listener = llm.streamToCompletion();

        assertEquals("Grüße, 🌍!", listener.text());
        assertEquals(List.of("MessageStart", "TextStart", "TextDelta", "TextDelta", "TextDelta", "BlockStop",
                "MessageDelta", "MessageStop"), listener.kinds());
    }

    @Test
    void requestCarriesModelMaxTokensStreamSystemMessagesAndTools() {
        LlmRequest request = new LlmRequest(LlmTesting.MODEL, 2048, "You are terse.", List.of(
                LlmMessage.user("Weather in Paris?"),
                new LlmMessage("assistant", List.of(new ContentBlock.Text("Checking."),
                        new ContentBlock.ToolUse("toolu_9", "get_weather", "{\"city\":\"Paris\"}"))),
                new LlmMessage("user", List.of(new ContentBlock.ToolResult("toolu_9", "18 °C", false),
                        new ContentBlock.ToolResult("toolu_8", "boom", true)))),
                List.of(new ToolSpec("get_weather", "Current weather",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")));
        llm.client().stream(request, llm.listener());

        llm.listener().awaitCompletion(WAIT);
        RecordedRequest recorded = llm.fake().lastRequest();
        assertEquals("POST", recorded.method());
        assertEquals("/v1/messages", recorded.path());
        assertEquals(LlmTesting.API_KEY, recorded.header("x-api-key"));
        assertEquals("2023-06-01", recorded.header("anthropic-version"));
        assertEquals("application/json", recorded.header("content-type"));
        assertEquals("text/event-stream", recorded.header("accept"));
        JsonObject body = recorded.bodyJson();
        assertEquals(LlmTesting.MODEL, body.getString("model"));
        assertEquals(2048, body.getInt("max_tokens"));
        assertEquals(JsonValue.TRUE, body.get("stream"));
        assertEquals("You are terse.", body.getString("system"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(3, messages.size());
        assertEquals("{\"type\":\"text\",\"text\":\"Weather in Paris?\"}",
                messages.getJsonObject(0).getJsonArray("content").getJsonObject(0).toString());
        JsonObject toolUse = messages.getJsonObject(1).getJsonArray("content").getJsonObject(1);
        assertEquals("{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}",
                toolUse.toString());
        JsonArray results = messages.getJsonObject(2).getJsonArray("content");
        assertEquals("{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_9\",\"content\":\"18 °C\"}",
                results.getJsonObject(0).toString());
        assertEquals(true, results.getJsonObject(1).getBoolean("is_error"));
        JsonObject tool = body.getJsonArray("tools").getJsonObject(0);
        assertEquals("get_weather", tool.getString("name"));
        assertEquals("object", tool.getJsonObject("input_schema").getString("type"));
    }

    @Test
    void requestWithoutToolsOrSystemOmitsThoseFields() {
        llm.client().stream(new LlmRequest(LlmTesting.MODEL, 16, null, List.of(LlmMessage.user("Hi")), List.of()),
                llm.listener());

        llm.listener().awaitCompletion(WAIT);
        JsonObject body = llm.fake().lastRequest().bodyJson();
        assertFalse(body.containsKey("tools"));
        assertFalse(body.containsKey("system"));
    }

    @Test
    void baseUrlPathPrefixIsKeptBeforeV1Messages() {
        LlmConfig prefixed = LlmConfig.of(URI.create(llm.fake().baseUri() + "/gateway/anthropic/"), LlmTesting.API_KEY);

        LlmFailure failure = llm.streamToFailure(prefixed); // the fake serves /v1/messages only

        assertEquals(FailureCode.MODEL_NOT_FOUND, failure.code());
        assertEquals(404, failure.httpStatus());
        assertEquals("/gateway/anthropic/v1/messages", llm.fake().lastRequest().path());
    }

    /**
     * A pool of one makes the proof deterministic: onComplete fires at message_stop, a moment before
     * the response's last chunk frees the connection, so a bigger pool might open a second one.
     */
    @Test
    void sequentialCallsReuseOneKeptAliveConnection() {
        try (LlmClient single = new LlmClient(llm.config().withMaxConnections(1))) {
            for (int i = 0; i < 3; i++) {
                RecordingListener listener = new RecordingListener();
                single.stream(LlmTesting.hello(), listener);
                listener.awaitCompletion(WAIT);
            }
            assertEquals(0, single.activeCalls());
        }

        assertEquals(1, llm.fake().connectionsAccepted());
    }

    @Test
    void listenerRunsOnTheClientsNamedReactorThreads() {
        RecordingListener listener = llm.streamToCompletion();

        assertTrue(listener.threads().stream().allMatch(name -> name.startsWith("llm-io-")), listener.threads().toString());
    }
}
