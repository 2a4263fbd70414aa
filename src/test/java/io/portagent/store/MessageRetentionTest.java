package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.store.MessageRepository.Deleted;
import io.portagent.store.MessageRepository.EventStamp;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention's SQL: messages and stored events older than the cutoff go in one transaction; a chunk
 * holding events on both sides keeps only the newer ones, and chunks written before the event
 * times were recorded (migration 3) are read once and get their times.
 */
class MessageRetentionTest {

    private static final long CUTOFF = 1_000;
    private static final Pattern STAMP = Pattern.compile("\"seq\":(\\d+),\"timestamp\":(\\d+)");

    @TempDir
    Path dir;

    private static String line(long seq, long timestamp) {
        return "{\"type\":\"text_delta\",\"seq\":" + seq + ",\"timestamp\":" + timestamp + ",\"data\":{\"text\":\"t"
                + seq + "\"}}\n";
    }

    private static EventStamp stamp(String line) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no stamp in " + line);
        }
        return new EventStamp(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    private static void chunk(Database db, long firstSeq, long lastSeq, Long firstAt, Long lastAt, String lines) {
        db.write(c -> Sql.update(c, "INSERT INTO turn_events(sessionId, firstSeq, lastSeq, events, firstAt, lastAt)"
                + " VALUES ('s1', ?, ?, ?, ?, ?)", firstSeq, lastSeq, lines, firstAt, lastAt));
    }

    @Test
    void oldEventsGoWithOldMessagesAndAChunkAcrossTheCutoffKeepsItsNewerEvents() {
        try (Database db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX)) {
            new ContainerRepository(db).create("user-1", "u1", 1);
            new ConversationRepository(db).create(new ConversationRecord("i1", "user-1", "s1", "n", null, 1, 1, null));
            MessageRepository messages = new MessageRepository(db);
            db.write(c -> {
                MessageRepository.upsert(c, new MessageRecord("old", "s1", "user", "user", "\"old\"", 500, "t1"));
                MessageRepository.upsert(c, new MessageRecord("new", "s1", "user", "user", "\"new\"", 1500, "t2"));
                return null;
            });
            chunk(db, 1, 2, 100L, 200L, line(1, 100) + line(2, 200));
            chunk(db, 3, 4, null, null, line(3, 300) + line(4, 400)); // written before migration 3
            chunk(db, 5, 7, 900L, 1100L, line(5, 900) + line(6, 1000) + line(7, 1100));
            chunk(db, 8, 8, null, null, line(8, 1200));

            Deleted deleted = messages.deleteOlderThan(CUTOFF, MessageRetentionTest::stamp);

            assertEquals(new Deleted(1, 5), deleted);
            assertEquals(List.of("new"), messages.history("s1").stream().map(MessageRecord::messageId).toList());
            List<TurnRepository.EventChunk> left = new TurnRepository(db).eventsAfter("s1", 0);
            assertEquals(List.of(6L, 8L), left.stream().map(TurnRepository.EventChunk::firstSeq).toList());
            assertEquals(line(6, 1000) + line(7, 1100), left.get(0).lines());
            assertEquals(List.of(1000L, 1200L), left.stream().map(TurnRepository.EventChunk::firstAt).toList());
            assertEquals(List.of(1100L, 1200L), left.stream().map(TurnRepository.EventChunk::lastAt).toList());
        }
    }
}
