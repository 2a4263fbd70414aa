package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.config.DatabaseUrl;
import io.portagent.store.TurnRepository.SessionWrite;
import io.portagent.store.TurnRepository.TurnRow;
import io.portagent.testing.PostgresServer;
import io.portagent.testing.Sqlite3;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The search in what was said (agentx V8) on both engines: only the container's own user and
 * assistant messages, in any case, short and long strings, wildcards and quotes taken literally;
 * on SQLite the FTS5 index stays right through the seed's own sqlite3 DELETE, a cascade from a
 * deleted conversation and an edited message; the migration indexes the messages stored before it.
 */
class MessageSearchTest {

    private static final long DAY = 24 * 60 * 60 * 1000L;

    @TempDir
    Path dir;

    private static void conversation(Database agents, String container, String image) {
        new ContainerRepository(agents).create(container, "u-" + container, 1);
        new ConversationRepository(agents).create(new ConversationRecord(image, container, "s-" + image, image, null, 5,
                5, null));
    }

    private static MessageRecord message(String id, String image, String subtype, String json, long timestamp) {
        return new MessageRecord(id, "s-" + image, subtype.equals("assistant") ? "assistant" : "user", subtype, json,
                timestamp, null);
    }

    /** Two containers: c1's i1 talks of a report in English and Chinese, c2's i2 of the same report. */
    private static void seed(Database agents, long old, long recent) {
        conversation(agents, "c1", "i1");
        conversation(agents, "c2", "i2");
        MessageRepository messages = new MessageRepository(agents);
        messages.insertAll(List.of(
                message("m1", "i1", "user", "\"Where is the Quarterly report? Say \\\"100%\\\" sure.\"", old),
                message("m2", "i1", "assistant", "\"它在共享文件夹里。\"", recent),
                message("m3", "i1", "tool-call", "{\"toolCallId\":\"t\",\"toolName\":\"find\",\"input\":"
                        + "{\"q\":\"secret quarterly\"}}", recent)), recent);
        messages.insertAll(List.of(message("m4", "i2", "user", "\"my quarterly numbers\"", recent)), recent);
    }

    private static List<String> found(MessageSearch search, String container, String stored) {
        return search.find(container, stored, 10).stream().map(m -> m.conversationId() + ":" + m.content()).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void findsTheContainersOwnUserAndAssistantMessagesInAnyCase(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            seed(db.agents, 1_000, 2_000);
            MessageSearch search = new MessageSearch(db.agents);
            assertEquals(List.of("i1:\"Where is the Quarterly report? Say \\\"100%\\\" sure.\""),
                    found(search, "c1", "QUARTERLY"), "not the tool call, not c2's message");
            assertEquals(List.of("i2:\"my quarterly numbers\""), found(search, "c2", "quarterly"));
            assertEquals(1, found(search, "c1", "共享文件夹").size(), "five characters: the index");
            assertEquals(1, found(search, "c1", "文件").size(), "two characters: a scan of the container's own");
            assertEquals(1, found(search, "c1", "\\\"100%\\\"").size(), "quotes and % as they are stored");
            assertEquals(List.of(), found(search, "c1", "1_0"), "_ is a character");
            assertEquals(1, found(search, "c1", "%").size(), "% is a character: only the message with one");
            assertEquals(List.of(), found(search, "c3", "quarterly"), "a container with nothing");
        }
    }

    /** Exactly the command docs/troubleshooting.md of the original service gives operators, run by the sqlite3 CLI. */
    @Test
    void theIndexFollowsTheSeedsSqlite3DeleteACascadeAndAnEdit() {
        Path file = dir.resolve("agentx.db");
        long now = System.currentTimeMillis();
        try (Database agents = Database.open("agentx.db", DataSources.onFile(file), Schemas.AGENTX)) {
            seed(agents, now - 40 * DAY, now);
            MessageSearch search = new MessageSearch(agents);
            assertEquals(3, indexed(file));
            Sqlite3.run(file, "DELETE FROM messages WHERE timestamp < strftime('%s', 'now', '-30 days') * 1000;");
            assertEquals(List.of(), found(search, "c1", "quarterly"), "the old prompt is gone from the index");
            assertEquals(1, found(search, "c1", "共享文件夹").size());
            assertEquals(2, indexed(file));

            Sqlite3.run(file, "UPDATE messages SET content = '\"renamed numbers\"' WHERE messageId = 'm4';");
            assertEquals(List.of(), found(search, "c2", "quarterly"), "the edited text replaced the old");
            assertEquals(List.of("i2:\"renamed numbers\""), found(search, "c2", "renamed"));

            new ConversationRepository(agents).delete("c1", "i1");
            assertEquals(List.of(), found(search, "c1", "共享文件夹"), "a deleted conversation's messages went with it");
            assertEquals(1, indexed(file));
        }
    }

    private static MessageRecord turnMessage(String id, String subtype, String json, String turnId) {
        return new MessageRecord(id, "s-i1", subtype, subtype, json, 1_000, turnId);
    }

    private static SessionWrite turnWrite(String turnId, String status, MessageRecord... messages) {
        return new SessionWrite("s-i1", List.of(new TurnRow(turnId, status, 1_000, status.equals("running") ? 0 : 2_000,
                0, 0, "m", null, null)), List.of(messages), null);
    }

    /**
     * A streaming answer is stored again and again while its turn runs; SQLite's index takes the
     * turn's messages once it ends, with the final text, whatever ends it: the app's closing
     * write, or an operator's sqlite3 UPDATE of a turn left running.
     */
    @Test
    void aRunningTurnsTextIsIndexedWhenTheTurnEndsWithItsFinalText() {
        Path file = dir.resolve("agentx.db");
        try (Database agents = Database.open("agentx.db", DataSources.onFile(file), Schemas.AGENTX)) {
            conversation(agents, "c1", "i1");
            TurnRepository turns = new TurnRepository(agents);
            MessageSearch search = new MessageSearch(agents);
            turns.save(turnWrite("t1", "running", turnMessage("p1", "user", "\"what about pelicans\"", "t1")));
            turns.save(turnWrite("t1", "running", turnMessage("a1", "assistant", "\"Pelicans are\"", "t1")));
            turns.save(turnWrite("t1", "running", turnMessage("a1", "assistant", "\"Pelicans are large birds\"",
                    "t1")));
            assertEquals(List.of(), found(search, "c1", "large birds"), "not while the turn runs");
            turns.save(turnWrite("t1", "completed", turnMessage("a1", "assistant",
                    "\"Pelicans are large birds with a pouch\"", "t1")));
            assertEquals(List.of("i1:\"Pelicans are large birds with a pouch\""), found(search, "c1", "pouch"));
            assertEquals(List.of("i1:\"what about pelicans\""), found(search, "c1", "what about"));
            assertEquals(2, found(search, "c1", "pelican").size());
            assertEquals(2, indexed(file));

            turns.save(turnWrite("t2", "running", turnMessage("p2", "user", "\"and herons?\"", "t2"),
                    turnMessage("a2", "assistant", "\"Herons wade\"", "t2")));
            Sqlite3.run(file, "UPDATE turns SET status = 'interrupted', endedAt = 3000 WHERE status = 'running';");
            assertEquals(List.of("i1:\"Herons wade\""), found(search, "c1", "wade"));
            assertEquals(4, indexed(file));

            turns.save(new SessionWrite("s-i1", List.of(), List.of(turnMessage("a2", "assistant",
                    "\"Herons wade in shallow water\"", "t2")), null));
            assertEquals(List.of(), found(search, "c1", "wade\""), "an ended turn's edited message: the old text left");
            assertEquals(1, found(search, "c1", "shallow").size());
            assertEquals(4, indexed(file));
        }
    }

    /** Index rows, after checking that they agree with the messages and the row map; FTS5's own check too. */
    private static int indexed(Path file) {
        Sqlite3.run(file, "INSERT INTO message_search(message_search) VALUES ('integrity-check');");
        String counts = Sqlite3.run(file, "SELECT (SELECT count(*) FROM message_search) || ' '"
                + " || (SELECT count(*) FROM message_search_rows) || ' ' || (SELECT count(*) FROM messages"
                + " WHERE subtype IN ('user', 'assistant')) || ' ' || (SELECT count(*) FROM message_search_rows r"
                + " JOIN messages m ON m.messageId = r.messageId JOIN message_search f ON f.rowid = r.searchRow"
                + " WHERE f.content = m.content);");
        String[] n = counts.split(" ");
        assertEquals(List.of(n[0], n[0], n[0]), List.of(n[1], n[2], n[3]), "index, row map, messages, agreeing");
        return Integer.parseInt(n[0]);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theMigrationIndexesTheMessagesStoredBeforeIt(Dialect dialect) {
        Schema before = new Schema("agentx", List.of("V1__conversations", "V2__turns", "V3__event_times", "V4__models",
                "V5__token_usage", "V6__nodes"));
        String url = dialect == Dialect.SQLITE ? null : PostgresServer.shared().newDatabase();
        Supplier<DataSourceChoice> source = () -> url == null ? DataSources.onFile(dir.resolve("agentx.db"))
                : DataSources.forUrl(DatabaseUrl.parse(url), "agentx.db");
        try (Database agents = Database.open("agentx.db", source.get(), before)) {
            seed(agents, 1_000, 2_000);
        }
        try (Database agents = Database.open("agentx.db", source.get(), Schemas.AGENTX)) {
            MessageSearch search = new MessageSearch(agents);
            assertEquals(1, found(search, "c1", "quarterly report").size());
            assertEquals(1, found(search, "c1", "共享文件夹").size());
            new MessageRepository(agents).insertAll(List.of(message("m5", "i1", "user", "\"a later quarterly\"", 3_000)),
                    3_000);
            assertEquals(2, found(search, "c1", "quarterly").size(), "new rows after the old ones");
        }
    }
}
