package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.store.MessageRecord;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored history becomes a valid Messages API conversation. */
class ContextBuilderTest {

    private final List<MessageRecord> history = new ArrayList<>();

    private void add(String role, String subtype, String content) {
        history.add(new MessageRecord("m" + history.size(), "s", role, subtype, content, history.size(), "t"));
    }

    private void user(String text) {
        add("user", "user", MessageContent.text(text));
    }

    private void assistant(String text) {
        add("assistant", "assistant", MessageContent.text(text));
    }

    private void call(String id) {
        add("assistant", "tool-call", MessageContent.toolCall(id, "echo", Json.createObjectBuilder().add("a", 1).build()));
    }

    private void result(String id) {
        add("user", "tool-result", MessageContent.toolResult(id, "echo", "done " + id, false));
    }

    @Test
    void textToolCallsAndResultsBecomeAlternatingMessagesWithPairsKeptTogether() {
        user("hi");
        assistant("let me check");
        call("t1");
        call("t2");
        result("t1");
        result("t2");
        assistant("all done");
        add("system", "error", MessageContent.error("overloaded", "Overloaded"));
        user("thanks");
        List<LlmMessage> messages = ContextBuilder.build(history, 1_000_000);
        assertEquals(List.of("user", "assistant", "user", "assistant", "user"),
                messages.stream().map(LlmMessage::role).toList());
        assertEquals(3, messages.get(1).content().size());
        assertInstanceOf(ContentBlock.ToolUse.class, messages.get(1).content().get(1));
        assertEquals(2, messages.get(2).content().size());
        ContentBlock.ToolResult first = (ContentBlock.ToolResult) messages.get(2).content().get(0);
        assertEquals("t1", first.toolUseId());
        assertEquals("{\"a\":1}", ((ContentBlock.ToolUse) messages.get(1).content().get(1)).inputJson());
    }

    @Test
    void aToolCallWithoutAStoredResultGetsAnErrorResultSoTheRequestStaysValid() {
        user("do it");
        call("t1");
        user("hello again");
        List<LlmMessage> messages = ContextBuilder.build(history, 1_000_000);
        assertEquals(List.of("user", "assistant", "user"), messages.stream().map(LlmMessage::role).toList());
        ContentBlock.ToolResult synthetic = (ContentBlock.ToolResult) messages.get(2).content().get(0);
        assertEquals("t1", synthetic.toolUseId());
        assertTrue(synthetic.isError());
        assertInstanceOf(ContentBlock.Text.class, messages.get(2).content().get(1), "results come before text");
    }

    @Test
    void consecutiveUserMessagesAreMerged() {
        user("one");
        user("two");
        List<LlmMessage> messages = ContextBuilder.build(history, 1_000_000);
        assertEquals(1, messages.size());
        assertEquals(2, messages.get(0).content().size());
    }

    @Test
    void trimmingDropsWholeOldExchangesAndNeverStartsWithAToolResult() {
        user("x".repeat(1000));
        assistant("y".repeat(1000));
        user("use the tool");
        call("t1");
        result("t1");
        assistant("z".repeat(1000));
        user("latest question");
        List<LlmMessage> trimmed = ContextBuilder.build(history, 1200);
        assertEquals("user", trimmed.get(0).role());
        assertTrue(trimmed.get(0).content().stream().noneMatch(b -> b instanceof ContentBlock.ToolResult));
        ContentBlock.Text last = (ContentBlock.Text) trimmed.get(trimmed.size() - 1).content().get(0);
        assertEquals("latest question", last.text());
        assertTrue(trimmed.size() < ContextBuilder.build(history, 1_000_000).size());
    }
}
