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
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window kept between turns gives exactly the window a full read gives, whatever happened to
 * the history meanwhile: new turns (answers, tool calls, long texts), a turn that runs (read while
 * its answer is stored again and again, then ending completed, failed or interrupted), a turn
 * regenerated (its messages deleted), a turn that failed or was let back in, a prompt retried in a
 * new turn, a turn's row deleted, a retention sweep, an operator's edit; in a real SQLite file
 * whose triggers keep the context version, for several budgets. And it is really kept: turns that
 * only add read the additions.
 */
class ContextCacheTest {

    private static final String FAILED = TurnStatus.FAILED.wireName();

    @TempDir
    Path dir;

    private int ids;
    private int turns;
    /** The session's running turn, if one is, and its answer once begun. */
    private String running;
    private MessageRecord answer;

    @Test
    void aKeptWindowIsAlwaysTheWindowAFullReadGives() {
        try (Database db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX)) {
            new ContainerRepository(db).create("user-1", "u1", 1);
            MessageRepository messages = new MessageRepository(db);
            Random random = new Random(11);
            int reusedChecks = 0;
            long memoResumed = 0;
            for (int conversation = 0; conversation < 6; conversation++) {
                String sessionId = "s" + conversation;
                running = null; // the last conversation's turn is left running: another session's
                answer = null;
                new ConversationRepository(db).create(new ConversationRecord("i" + conversation, "user-1", sessionId,
                        "n", null, 1, 1, null));
                for (int budget : new int[] {500, 4_000, 30_000}) {
                    ContextCache cache = new ContextCache();
                    for (int step = 0; step < 60; step++) {
                        String change = change(db, messages, sessionId, random);
                        long before = cache.reused();
                        ContextWindow.Window kept = ContextWindow.read(messages, cache, sessionId, FAILED, budget);
                        List<MessageRecord> full = ContextWindow.read(messages, sessionId, FAILED, budget);
                        String where = sessionId + " at " + budget + " after " + change + " (step " + step + ")";
                        // the kept window may begin earlier (it keeps its start for a while), never later
                        int extra = kept.messages().size() - full.size();
                        assertTrue(extra >= 0, where);
                        assertEquals(full, kept.messages().subList(extra, kept.messages().size()), where);
                        ContextWindow.Kept held = cache.take(sessionId);
                        assertEquals(held.rows().stream().mapToLong(r -> r.row().message().content().length()
                                + 2 * r.chars()).sum(), held.memoryChars(), where);
                        assertTrue(extra == 0 || held.rows().get(held.rows().size() - 1).charsUpTo()
                                - held.rows().get(0).charsUpTo() <= budget + budget / 2, where);
                        cache.put(sessionId, held);
                        List<LlmMessage> expected = ContextBuilder.build(full, budget);
                        assertEquals(expected, ContextBuilder.build(kept.messages(), kept.alone(), Map.of(), budget),
                                where);
                        long resumed = kept.memo().resumed();
                        assertEquals(expected, ContextBuilder.build(kept.messages(), kept.alone(), Map.of(), budget,
                                kept.memo(), kept.settled()), where);
                        memoResumed += kept.memo().resumed() - resumed;
                        if ((change.equals("a new turn") || change.startsWith("the running")) && cache.reused() > before) {
                            reusedChecks++;
                        }
                    }
                }
            }
            assertTrue(reusedChecks > 300, "kept windows reused after plain turns: " + reusedChecks);
            assertTrue(memoResumed > 300, "kept merges resumed: " + memoResumed);
        }
    }

    @Test
    void theCacheKeepsNoMoreThanItsCharacters() {
        ContextCache cache = new ContextCache(1_000);
        MessageRecord big = new MessageRecord("m", "s", "user", "user", MessageContent.text("x".repeat(400)), 1, null);
        ContextWindow.Kept kept = new ContextWindow.Kept(List.of(ContextWindow.Sized.after(
                new MessageRepository.ContextRow(big, 1, false), null)), false, 10, 0, 1, 400, new ContextBuilder.Memo());
        cache.put("a", kept);
        cache.put("b", kept);
        cache.put("c", kept); // over 1,000: the least recently used goes
        assertEquals(2, cache.size());
        assertEquals(null, cache.take("a"));
        assertEquals(kept, cache.take("c"));
    }

    /** One random change to the session's history; says which. */
    private String change(Database db, MessageRepository messages, String sessionId, Random random) {
        if (running != null) {
            return runningTurn(db, messages, sessionId, random);
        }
        int pick = random.nextInt(24);
        List<MessageRecord> history = messages.history(sessionId);
        if (pick == 0 && !history.isEmpty()) {
            String turnId = history.get(history.size() - 1).turnId();
            messages.deleteTurn(turnId, null);
            return "a turn regenerated";
        }
        if (pick == 1 && !history.isEmpty()) {
            String turnId = history.get(random.nextInt(history.size())).turnId();
            sql(db, "UPDATE turns SET status = 'failed' WHERE turnId = ?", turnId);
            return "a turn failed";
        }
        if (pick == 2 && history.size() > 4) {
            sql(db, "DELETE FROM messages WHERE messageId = ?", history.get(random.nextInt(history.size() / 2)).messageId());
            return "a retention sweep";
        }
        if (pick == 3 && !history.isEmpty()) {
            MessageRecord edited = history.get(random.nextInt(history.size()));
            if (MessageKind.of(edited.subtype()) == MessageKind.USER) {
                sql(db, "UPDATE messages SET content = ? WHERE messageId = ?", MessageContent.text(text(random) + "!"),
                        edited.messageId());
                return "an operator's edit";
            }
        }
        if (pick == 4) {
            sql(db, "UPDATE turns SET status = 'completed' WHERE status = 'failed' AND sessionId = ?", sessionId);
            return "failed turns let back in";
        }
        if (pick == 5 && !history.isEmpty()) {
            sql(db, "DELETE FROM turns WHERE turnId = ?", history.get(random.nextInt(history.size())).turnId());
            return "a turn's row deleted by hand";
        }
        if (pick < 10) {
            running = "t" + (++turns);
            sql(db, "INSERT INTO turns (turnId, sessionId, status, startedAt) VALUES (?, ?, 'running', 1)", running,
                    sessionId);
            MessageRecord failedPrompt = history.stream().filter(m -> MessageKind.of(m.subtype()) == MessageKind.USER)
                    .filter(m -> isFailed(db, m.turnId())).findFirst().orElse(null);
            if (failedPrompt != null && random.nextBoolean()) {
                sql(db, "UPDATE messages SET turnId = ? WHERE messageId = ?", running, failedPrompt.messageId());
                return "a prompt retried in a new turn";
            }
            messages.insertAll(List.of(record(sessionId, running, MessageKind.USER, MessageContent.text(text(random)))), 1);
            return "a turn started";
        }
        newTurn(db, messages, sessionId, random);
        return "a new turn";
    }

    /** The running turn goes on: its answer stored again, longer, or it ends; or an operator's edit meanwhile. */
    private String runningTurn(Database db, MessageRepository messages, String sessionId, Random random) {
        int pick = random.nextInt(6);
        if (answer == null) {
            answer = record(sessionId, running, MessageKind.ASSISTANT, MessageContent.text(text(random)));
            messages.insertAll(List.of(answer), 1);
            return "the running turn's answer begun";
        }
        if (pick < 3) {
            sql(db, "UPDATE messages SET content = ? WHERE messageId = ?", MessageContent.text(text(random)),
                    answer.messageId());
            return "the running turn's answer stored again";
        }
        if (pick == 3) {
            List<MessageRecord> texts = messages.history(sessionId).stream()
                    .filter(m -> MessageKind.of(m.subtype()) == MessageKind.USER).toList();
            if (!texts.isEmpty()) {
                sql(db, "UPDATE messages SET content = ? WHERE messageId = ?", MessageContent.text(text(random) + "?"),
                        texts.get(random.nextInt(texts.size())).messageId());
                return "an operator's edit during a turn";
            }
        }
        String status = List.of("completed", "failed", "interrupted").get(random.nextInt(3));
        sql(db, "UPDATE turns SET status = ? WHERE turnId = ?", status, running);
        running = null;
        answer = null;
        return "the running turn " + status;
    }

    private static boolean isFailed(Database db, String turnId) {
        return turnId != null && db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM turns WHERE turnId = ? AND status = 'failed'")) {
                s.setString(1, turnId);
                return s.executeQuery().next();
            }
        });
    }

    private void newTurn(Database db, MessageRepository messages, String sessionId, Random random) {
        String turnId = "t" + (++turns);
        sql(db, "INSERT INTO turns (turnId, sessionId, status, startedAt) VALUES (?, ?, 'completed', 1)", turnId, sessionId);
        List<MessageRecord> out = new ArrayList<>();
        out.add(record(sessionId, turnId, MessageKind.USER, MessageContent.text(text(random))));
        if (random.nextInt(4) == 0) {
            String call = "toolu_" + turnId;
            out.add(record(sessionId, turnId, MessageKind.TOOL_CALL, MessageContent.toolCall(call, "read_file",
                    MessageContent.input("{\"path\":\"a\"}"))));
            out.add(record(sessionId, turnId, MessageKind.TOOL_RESULT, MessageContent.toolResult(call, "read_file",
                    text(random), false)));
        }
        out.add(record(sessionId, turnId, MessageKind.ASSISTANT, MessageContent.text(text(random))));
        messages.insertAll(out, 1);
    }

    private MessageRecord record(String sessionId, String turnId, MessageKind kind, String content) {
        return new MessageRecord("m" + (++ids), sessionId, kind.role(), kind.wireName(), content, 1, turnId);
    }

    private static void sql(Database db, String sql, String... args) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setString(i + 1, args[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    private static String text(Random random) {
        int length = random.nextInt(12) == 0 ? 1_000 + random.nextInt(2_000) : 1 + random.nextInt(150);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(40) == 0 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
