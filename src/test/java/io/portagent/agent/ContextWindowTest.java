package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.LlmMessage;
import io.portagent.store.ContainerRepository;
import io.portagent.store.ConversationRecord;
import io.portagent.store.ConversationRepository;
import io.portagent.store.DataSources;
import io.portagent.store.Database;
import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.Schemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A turn reads only the newest part of a long history, yet the model gets the same context as it
 * would from the whole history: for random histories (prompts, answers, tool calls with and without
 * results, errors, of random sizes) and budgets, in a real SQLite file.
 */
class ContextWindowTest {

    private static final String FAILED = TurnStatus.FAILED.wireName();

    @TempDir
    Path dir;

    @Test
    void theWindowGivesTheSameContextAsTheWholeHistoryAndReadsLessOfIt() {
        try (Database db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX)) {
            new ContainerRepository(db).create("user-1", "u1", 1);
            MessageRepository messages = new MessageRepository(db);
            Random random = new Random(7);
            for (int conversation = 0; conversation < 12; conversation++) {
                String sessionId = "s" + conversation;
                new ConversationRepository(db).create(new ConversationRecord("i" + conversation, "user-1", sessionId,
                        "n", null, 1, 1, null));
                List<MessageRecord> history = history(sessionId, 300 + random.nextInt(700), random);
                messages.insertAll(history, 1);
                List<MessageRecord> whole = ContextWindow.read(messages, sessionId, FAILED, Integer.MAX_VALUE);
                assertEquals(history.size(), whole.size());
                for (int budget : new int[] {50, 1_000, 5_000, 20_000, 100_000, 10_000_000}) {
                    List<MessageRecord> window = ContextWindow.read(messages, sessionId, FAILED, budget);
                    List<LlmMessage> expected = ContextBuilder.build(whole, budget);
                    assertEquals(expected, ContextBuilder.build(window, budget), sessionId + " at " + budget);
                    if (budget <= 5_000) {
                        assertTrue(window.size() < whole.size() / 2, "read " + window.size() + " of " + whole.size());
                    }
                }
            }
        }
    }

    private static List<MessageRecord> history(String sessionId, int count, Random random) {
        List<MessageRecord> out = new ArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        List<String> open = new ArrayList<>();
        while (out.size() < count) {
            String id = sessionId + "-" + ids.incrementAndGet();
            int pick = random.nextInt(10);
            if (pick < 4) {
                out.add(record(id, sessionId, MessageKind.USER, MessageContent.text(text(random))));
            } else if (pick < 7) {
                out.add(record(id, sessionId, MessageKind.ASSISTANT, MessageContent.text(text(random))));
            } else if (pick < 8) {
                String call = "toolu_" + id;
                out.add(record(id, sessionId, MessageKind.TOOL_CALL, MessageContent.toolCall(call, "read_file",
                        MessageContent.input("{\"path\":\"" + text(random).replace("\"", "") + "\"}"))));
                open.add(call);
            } else if (pick < 9 && !open.isEmpty()) {
                String call = open.remove(random.nextInt(open.size()));
                if (random.nextInt(4) > 0) { // some calls never get their result
                    out.add(record(id, sessionId, MessageKind.TOOL_RESULT, MessageContent.toolResult(call, "read_file",
                            text(random), random.nextBoolean())));
                }
            } else {
                out.add(record(id, sessionId, MessageKind.ERROR, MessageContent.error("provider_error", "x")));
            }
        }
        return out;
    }

    private static MessageRecord record(String id, String sessionId, MessageKind kind, String content) {
        return new MessageRecord(id, sessionId, kind.role(), kind.wireName(), content, 1, null);
    }

    private static String text(Random random) {
        int length = random.nextInt(10) == 0 ? 2_000 + random.nextInt(3_000) : random.nextInt(120);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
