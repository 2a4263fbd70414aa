package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.RecordedRequest;
import io.portagent.testing.Script;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Turns end to end through the runtime: the events they stream, what they store, what they send the model. */
class TurnTest extends ChatTest {

    TurnTest() {
        super(new EchoTools(), Map.of());
    }

    private List<Message> history() {
        return fixture.runtime().conversations().history(alice, imageId);
    }

    @Test
    void aTextTurnStreamsItsEventsInOrderWithGapFreeSeqAndStoresTheAnswer() {
        fixture.fake.enqueue(Script.text("Hel", "lo ", "there").usage(12, 3));
        String messageId = fixture.runtime().send(alice, imageId, "Hi!");
        sink.await(EventType.CONVERSATION_END, WAIT);

        assertEquals(List.of("user_message", "message_start", "text_delta", "message_stop", "usage",
                "conversation_end"), sink.typesJoined());
        List<AgentEvent> events = sink.events();
        for (int i = 1; i < events.size(); i++) {
            assertEquals(events.get(i - 1).seq() + 1, events.get(i).seq(), "seq must increase by one");
        }
        assertEquals("Hello there", sink.text());
        assertEquals(messageId, CollectingSink.data(events.get(0)).getString("messageId"));
        JsonObject usage = CollectingSink.data(sink.await(EventType.USAGE, WAIT));
        assertEquals(12, usage.getInt("inputTokens"));
        assertEquals(3, usage.getInt("outputTokens"));
        assertEquals("end_turn", CollectingSink.data(sink.await(EventType.CONVERSATION_END, WAIT)).getString("reason"));
        JsonObject context = CollectingSink.json(events.get(1)).getJsonObject("context");
        assertEquals(imageId, context.getString("imageId"));
        assertEquals(alice.containerId(), context.getString("containerId"));
        assertTrue(context.getString("turnId").startsWith("turn_"));

        List<Message> stored = awaitHistory(2);
        assertEquals("user", stored.get(0).kind().wireName());
        assertEquals("\"Hi!\"", stored.get(0).content());
        assertEquals("assistant", stored.get(1).kind().wireName());
        assertEquals("\"Hello there\"", stored.get(1).content());
    }

    /** What metrics hear of a turn: its first text once, its end with the outcome, its tokens by model. */
    @Test
    void theObserverHearsTheFirstDeltaOnceTheEndAndTheTokens() {
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        fixture.runtime().observe(new TurnObserver() {
            @Override
            public void firstDelta(long nanos) {
                heard.add("firstDelta " + (nanos > 0));
            }

            @Override
            public void ended(TurnStatus status, String errorCode, long nanos) {
                heard.add("ended " + status.wireName() + " " + errorCode + " " + (nanos > 0));
            }

            @Override
            public void tokens(String model, long input, long output) {
                heard.add("tokens " + model + " " + input + " " + output);
            }
        });
        fixture.fake.enqueue(Script.text("Hel", "lo ", "there").usage(12, 3));
        fixture.runtime().send(alice, imageId, "Hi!");
        sink.await(EventType.CONVERSATION_END, WAIT);

        assertEquals(List.of("firstDelta true", "ended completed null true", "tokens claude-sonnet-4-20250514 12 3"),
                heard);
    }

    @Test
    void theRequestCarriesModelHeadersSystemPromptAndTheStoredHistory() {
        fixture.fake.enqueue(Script.text("First answer"), Script.text("Second answer"));
        fixture.runtime().send(alice, imageId, "first question");
        sink.await(EventType.CONVERSATION_END, WAIT);
        awaitHistory(2);
        fixture.runtime().send(alice, imageId, "second question");
        sink.awaitCount(EventType.CONVERSATION_END, 2, WAIT);

        RecordedRequest request = fixture.fake.awaitRequests(2, WAIT).get(1);
        assertEquals("sk-ant-test-runtime-0123456789", dialect.apiKey(request));
        JsonObject body = request.bodyJson();
        assertEquals("claude-sonnet-4-20250514", body.getString("model"));
        assertTrue(body.getBoolean("stream"));
        assertEquals(8192, body.getInt("max_tokens"));
        assertEquals(AgentRuntime.DEFAULT_PROMPT, dialect.systemPrompt(body));
        List<JsonValue> messages = dialect.conversation(body);
        assertEquals(3, messages.size());
        assertEquals("user", messages.get(0).asJsonObject().getString("role"));
        assertEquals("assistant", messages.get(1).asJsonObject().getString("role"));
        assertTrue(messages.get(1).toString().contains("First answer"));
        assertTrue(messages.get(2).toString().contains("second question"));
    }

    @Test
    void aToolCallRunsAndItsResultGoesBackToTheModelPairedWithTheCall() {
        fixture.fake.enqueue(
                Script.stream().text("Let me echo. ").toolUse("toolu_1", "echo", "{\"te", "xt\": \"ping", "\"}"),
                Script.text("The tool said ping."));
        fixture.runtime().send(alice, imageId, "echo ping");
        sink.await(EventType.CONVERSATION_END, WAIT);

        assertEquals(List.of("user_message", "message_start", "text_delta", "tool_use_start", "tool_use_stop",
                "message_stop", "usage", "tool_result", "message_start", "text_delta", "message_stop", "usage",
                "conversation_end"), sink.types());
        JsonObject stop = CollectingSink.data(sink.await(EventType.TOOL_USE_STOP, WAIT));
        assertEquals("ping", stop.getJsonObject("input").getString("text"));
        JsonObject result = CollectingSink.data(sink.await(EventType.TOOL_RESULT, WAIT));
        assertEquals("toolu_1", result.getString("toolCallId"));
        assertEquals("echo: ping", result.getString("result"));
        assertFalse(result.getBoolean("isError"));

        List<JsonValue> second = dialect.conversation(fixture.fake.awaitRequests(2, WAIT).get(1).bodyJson());
        assertEquals(3, second.size());
        assertEquals("toolu_1", dialect.toolCallId(second.get(1).asJsonObject()));
        assertEquals("toolu_1", dialect.toolResultId(second.get(2).asJsonObject()));
        assertTrue(fixture.fake.lastRequest().bodyJson().getJsonArray("tools").toString().contains("echo"));

        List<String> subtypes = awaitHistory(5).stream().map(m -> m.kind().wireName()).toList();
        assertEquals(List.of("user", "assistant", "tool-call", "tool-result", "assistant"), subtypes);
    }

    @Test
    void anUnknownToolGetsAToolErrorAndTheLoopGoesOn() {
        fixture.fake.enqueue(Script.toolUse("toolu_9", "no_such_tool", "{}"), Script.text("Sorry."));
        fixture.runtime().send(alice, imageId, "use a tool");
        sink.await(EventType.CONVERSATION_END, WAIT);
        JsonObject result = CollectingSink.data(sink.await(EventType.TOOL_RESULT, WAIT));
        assertTrue(result.getBoolean("isError"));
        assertEquals("Unknown tool: no_such_tool", result.getString("result"));
        assertEquals("Sorry.", sink.text());
    }

    @Test
    void aRunawayToolLoopIsStoppedWithAClearMessage() {
        fixture.close();
        fixture = new RuntimeFixture(dialect, new EchoTools(), Map.of("MAX_TOOL_ITERATIONS", "3"));
        alice = fixture.newUser();
        imageId = fixture.newConversation(alice);
        sink = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, null, sink);
        fixture.fake.defaultScript(Script.toolUse("toolu_x", "echo", "{\"text\":\"again\"}"));
        fixture.runtime().send(alice, imageId, "loop forever");
        JsonObject error = CollectingSink.data(sink.await(EventType.ERROR, WAIT));
        assertEquals("max_tool_iterations", error.getString("code"));
        assertTrue(error.getString("message").contains("3 times"), error.toString());
        assertEquals("error", CollectingSink.data(sink.await(EventType.CONVERSATION_END, WAIT)).getString("reason"));
        assertEquals(3, fixture.fake.requests().size());
    }

    @Test
    void aSecondMessageWhileATurnRunsIsRefusedAsBusy() {
        fixture.fake.enqueue(Script.text("slow", "ly").deltaDelay(Duration.ofMillis(300)));
        fixture.runtime().send(alice, imageId, "one");
        AgentException busy = assertThrows(AgentException.class, () -> fixture.runtime().send(alice, imageId, "two"));
        assertEquals("conversation_busy", busy.code());
        sink.await(EventType.CONVERSATION_END, WAIT);
        fixture.runtime().send(alice, imageId, "three");
        sink.awaitCount(EventType.CONVERSATION_END, 2, WAIT);
    }

    @Test
    void emptyAndOversizedMessagesAreRefused() {
        assertEquals("invalid_request", assertThrows(AgentException.class,
                () -> fixture.runtime().send(alice, imageId, "  ")).code());
        assertEquals("invalid_request", assertThrows(AgentException.class,
                () -> fixture.runtime().send(alice, imageId, "x".repeat(Prompts.CONTENT_MAX + 1))).code());
    }

    @Test
    void theTurnFinishesAndIsStoredWithNobodyListening() {
        fixture.runtime().unsubscribe(new AgentRuntime.Subscription(imageId,
                fixture.runtime().conversations().require(alice, imageId).sessionId(), sink, 0, () -> { }));
        fixture.fake.enqueue(Script.text("nobody ", "is ", "watching"));
        fixture.runtime().send(alice, imageId, "anyone?");
        List<Message> stored = awaitHistory(2);
        assertEquals("\"nobody is watching\"", stored.get(1).content());
        assertTrue(sink.types().isEmpty());
    }

    private List<Message> awaitHistory(int n) {
        return fixture.awaitHistory(alice, imageId, n);
    }
}
