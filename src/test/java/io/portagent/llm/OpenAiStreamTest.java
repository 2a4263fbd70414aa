package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Dialect;
import io.portagent.testing.RecordedRequest;
import io.portagent.testing.Script;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the OpenAI-compatible client over real HTTP against the fake Chat Completions server:
 * chunks become the same neutral events as Anthropic's blocks, and the neutral history becomes
 * {@code tool_calls} and {@code role: "tool"} messages the server accepts.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OpenAiStreamTest {

    @RegisterExtension
    final LlmFixture llm = new LlmFixture(Dialect.OPENAI, config -> config);

    @Test
    void textChunksBecomeOneTextBlockWithUsageFromTheLastChunk() {
        llm.fake().enqueue(Script.text("Hel", "lo, ", "world").usage(12, 3));
        RecordingListener listener = llm.streamToCompletion();

        assertEquals(List.of("MessageStart", "TextStart", "TextDelta", "BlockStop", "MessageDelta", "MessageStop"),
                listener.kindsJoined());
        assertEquals("Hello, world", listener.text());
        assertEquals(LlmTesting.MODEL, ((StreamEvent.MessageStart) listener.events().get(0)).model());
        assertEquals(new StreamEvent.MessageDelta(StopReason.END_TURN, 12, 3), listener.last(StreamEvent.MessageDelta.class));
    }

    @Test
    void toolCallsArriveInPiecesPerIndexSeveralInOneAnswer() {
        llm.fake().enqueue(Script.stream().text("Checking.")
                .toolUse("call_1", "get_weather", "", "{\"ci", "ty\":\"Paris\"}")
                .toolUse("call_2", "get_time", "{\"zone\":", "\"CET\"}"));
        RecordingListener listener = llm.streamToCompletion();

        assertEquals(new StreamEvent.ToolUseStart(1, "call_1", "get_weather"), listener.events().get(3));
        assertEquals("{\"city\":\"Paris\"}", listener.inputJson(1));
        assertEquals("{\"zone\":\"CET\"}", listener.inputJson(2));
        assertEquals(3, listener.events().stream().filter(StreamEvent.BlockStop.class::isInstance).count());
        assertEquals(StopReason.TOOL_USE, delta(listener).stopReason());
    }

    @Test
    void aWholeToolCallInOneChunkAsOllamaSendsIt() {
        llm.fake().enqueue(Script.toolUse("call_9", "now", "{\"tz\":", "\"UTC\"}").wholeToolCalls());
        RecordingListener listener = llm.streamToCompletion();

        assertEquals(List.of("MessageStart", "ToolUseStart", "InputJsonDelta", "BlockStop", "MessageDelta",
                "MessageStop"), listener.kinds());
        assertEquals("{\"tz\":\"UTC\"}", listener.inputJson(0));
    }

    @Test
    void reasoningIsNotAnswerText() {
        llm.fake().enqueue(Script.stream().reasoning("Let me ", "think.").text("42"));

        assertEquals("42", llm.streamToCompletion().text());
    }

    @Test
    void finishReasonLengthIsMaxTokens() {
        llm.fake().enqueue(Script.text("cut").stopReason("max_tokens"));

        assertEquals(StopReason.MAX_TOKENS, delta(llm.streamToCompletion()).stopReason());
    }

    @Test
    void historyBecomesToolCallsAndToolMessagesWithTheirIdsAndTheKeyABearerToken() {
        LlmRequest request = new LlmRequest(LlmTesting.MODEL, 2048, "You are terse.", List.of(
                LlmMessage.user("Weather in Paris?"),
                new LlmMessage("assistant", List.of(new ContentBlock.Text("Checking."),
                        new ContentBlock.ToolUse("toolu_9", "get_weather", "{\"city\":\"Paris\"}"))),
                new LlmMessage("user", List.of(new ContentBlock.ToolResult("toolu_9", "no network", true),
                        new ContentBlock.Text("And tomorrow?")))),
                List.of(new ToolSpec("get_weather", "Current weather", "{\"type\":\"object\"}")));
        llm.client().stream(request, llm.listener());

        llm.listener().awaitCompletion(WAIT);
        RecordedRequest recorded = llm.fake().lastRequest();
        assertEquals("/v1/chat/completions", recorded.path());
        assertEquals("Bearer " + LlmTesting.API_KEY, recorded.header("authorization"));
        JsonObject body = recorded.bodyJson();
        assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals("{\"role\":\"system\",\"content\":\"You are terse.\"}", messages.getJsonObject(0).toString());
        assertEquals("{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"toolu_9\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":"
                + "\\\"Paris\\\"}\"}}]}", messages.getJsonObject(2).toString());
        assertEquals("{\"role\":\"tool\",\"tool_call_id\":\"toolu_9\",\"content\":\"Error: no network\"}",
                messages.getJsonObject(3).toString());
        assertEquals("And tomorrow?", messages.getJsonObject(4).getString("content"));
        assertEquals("object", body.getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getJsonObject("parameters").getString("type"));
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() {
        llm.streamToCompletion(LlmConfig.of(ProviderType.OPENAI, llm.fake().baseUri(), ""));

        assertNull(llm.fake().lastRequest().header("authorization"));
    }

    @Test
    void aToolResultWithoutItsCallIsRefusedByTheServerAsAnInvalidRequest() {
        LlmRequest broken = new LlmRequest(LlmTesting.MODEL, 16, null, List.of(LlmMessage.user("Hi"),
                new LlmMessage("user", List.of(new ContentBlock.ToolResult("call_x", "orphan", false)))), List.of());
        llm.client().stream(broken, llm.listener());

        LlmFailure failure = llm.listener().awaitFailure(WAIT);
        assertEquals(FailureCode.INVALID_REQUEST, failure.code());
        assertTrue(failure.message().contains("role 'tool' must be a response"), failure.message());
    }

    @Test
    void aModelTheServerDoesNotHaveIsModelNotFound() {
        llm.fake().enqueue(Script.httpError(404, "not_found_error", "model 'llama9' not found, try pulling it first"));

        LlmFailure failure = llm.streamToFailure(llm.config().withRetries(1, WAIT, WAIT));

        assertEquals(FailureCode.MODEL_NOT_FOUND, failure.code());
        assertTrue(failure.message().endsWith("model 'llama9' not found, try pulling it first"), failure.message());
        assertEquals(URI.create(llm.fake().baseUri() + "/chat/completions").getPath(),
                llm.fake().lastRequest().path());
    }

    private static StreamEvent.MessageDelta delta(RecordingListener listener) {
        return listener.events().stream().filter(StreamEvent.MessageDelta.class::isInstance)
                .map(StreamEvent.MessageDelta.class::cast).findFirst().orElseThrow();
    }
}
