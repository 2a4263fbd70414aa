package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.store.MessageRecord;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /**
     * A window's build that goes on from the memo of the last one is the build of the whole
     * window: random histories of prompts and answers (some empty), tool calls answered, answered
     * later, never, or by a result stored before them, errors; turns added, the running part
     * read again, the start moved, the messages after the first replaced, attachments now and then
     * (built in full); at random budgets.
     */
    @Test
    void aBuildFromItsMemoIsTheBuildOfTheWholeWindow() {
        Random random = new Random(5);
        Map<MessageRecord, LlmMessage> alone = new HashMap<>();
        long resumed = 0;
        for (int run = 0; run < 300; run++) {
            history.clear();
            ContextBuilder.Memo memo = new ContextBuilder.Memo();
            int budget = 20 + random.nextInt(2_000);
            int settled = 0;
            for (int step = 0; step < 30; step++) {
                if (random.nextInt(3) == 0) {
                    history.subList(settled, history.size()).clear(); // the running turn's rows, read again
                }
                if (random.nextInt(10) == 0 && settled > 2) {
                    int moved = 1 + random.nextInt(settled - 1); // the window's start moved
                    history.subList(0, moved).clear();
                    settled -= moved;
                }
                if (random.nextInt(15) == 0 && !history.isEmpty()) {
                    history.subList(1, history.size()).clear(); // the same first message, others after it
                    settled = 0;
                }
                for (int i = random.nextInt(6); i >= 0; i--) {
                    randomRow(random);
                }
                settled += random.nextInt(history.size() - settled + 1);
                List<LlmMessage> single = new ArrayList<>();
                for (MessageRecord m : history) {
                    single.add(alone.computeIfAbsent(m, r -> switch (MessageKind.of(r.subtype())) {
                        case USER, ASSISTANT -> new LlmMessage(r.role(), List.of(new ContentBlock.Text(
                                MessageContent.textOf(r.content()))));
                        default -> null;
                    }));
                }
                long before = memo.resumed();
                String where = "run " + run + " step " + step;
                Map<String, List<ContentBlock>> attached = random.nextInt(10) > 0 || history.isEmpty() ? Map.of()
                        : Map.of(history.get(random.nextInt(history.size())).messageId(),
                                List.of(new ContentBlock.Text("an attached file")));
                assertEquals(ContextBuilder.build(history, attached, budget), ContextBuilder.build(
                        List.copyOf(history), single, attached, budget, memo, settled), where);
                resumed += memo.resumed() - before;
            }
        }
        assertTrue(resumed > 3_000, "builds that went on from a memo: " + resumed);
    }

    private void randomRow(Random random) {
        int kind = random.nextInt(10);
        if (kind < 3) {
            user(random.nextInt(8) == 0 ? "" : "q" + history.size() + "x".repeat(random.nextInt(200)));
        } else if (kind < 6) {
            assistant(random.nextInt(8) == 0 ? "" : "a" + history.size() + "y".repeat(random.nextInt(200)));
        } else if (kind < 8) {
            call("t" + random.nextInt(12));
        } else if (kind < 9) {
            result("t" + random.nextInt(12));
        } else {
            add("system", "error", MessageContent.error("overloaded", "Overloaded"));
        }
    }

    /** Trimming by bisection over running sizes drops what dropping one message after another did. */
    @Test
    void trimmingFindsTheStartThatDroppingMessageByMessageFinds() {
        Random random = new Random(9);
        for (int run = 0; run < 5_000; run++) {
            List<LlmMessage> messages = new ArrayList<>();
            for (int i = random.nextInt(12); i >= 0; i--) {
                int kind = random.nextInt(4);
                String text = "w".repeat(random.nextInt(40));
                messages.add(switch (kind) {
                    case 0 -> new LlmMessage(LlmMessage.USER, List.of(new ContentBlock.Text(text + "u")));
                    case 1 -> new LlmMessage(LlmMessage.USER, List.of(new ContentBlock.ToolResult("t", text, false)));
                    default -> new LlmMessage(LlmMessage.ASSISTANT, List.of(new ContentBlock.Text(text)));
                });
            }
            int budget = random.nextInt(300);
            assertEquals(droppingOneByOne(messages, budget), ContextBuilder.trim(messages, budget),
                    "budget " + budget + " for " + messages);
        }
    }

    /** The plain way: drop the first message, then up to the next exchange's start, while over the budget. */
    private static List<LlmMessage> droppingOneByOne(List<LlmMessage> messages, int budget) {
        long size = 0;
        for (LlmMessage message : messages) {
            size += size(message);
        }
        int start = 0;
        while (size > budget && start < messages.size() - 1) {
            size -= size(messages.get(start++));
            while (start < messages.size() - 1 && !startsExchange(messages.get(start))) {
                size -= size(messages.get(start++));
            }
        }
        while (start < messages.size() && !startsExchange(messages.get(start))) {
            start++;
        }
        return messages.subList(start, messages.size());
    }

    private static boolean startsExchange(LlmMessage message) {
        return message.role().equals(LlmMessage.USER) && message.content().get(0) instanceof ContentBlock.Text;
    }

    private static long size(LlmMessage message) {
        ContentBlock block = message.content().get(0);
        return block instanceof ContentBlock.Text text ? text.text().length()
                : ((ContentBlock.ToolResult) block).content().length();
    }
}
