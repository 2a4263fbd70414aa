package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.Await;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MESSAGE_RETENTION_DAYS removes old messages at start-up (then daily), and with them every stored
 * event of that age: the text of a deleted answer is in its deltas too, and must not come back
 * through a replay. Recent messages, their events and the conversation stay.
 */
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void messagesAndEventsOlderThanTheRetentionAreDeletedAndNoReplayBringsThemBack() {
        Path dir = TestFiles.tempDir("portagent-retention");
        Caller alice;
        String imageId;
        Clock fortyDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-40));
        try (RuntimeFixture old = new RuntimeFixture(dir, ToolRegistry.NONE, Map.of(), null, fortyDaysAgo)) {
            alice = old.newUser();
            imageId = old.newConversation(alice);
            old.fake.enqueue(Script.text("old ", "answer"));
            old.runtime().send(alice, imageId, "old question");
            old.awaitHistory(alice, imageId, 2);
        }
        try (RuntimeFixture today = new RuntimeFixture(dir, ToolRegistry.NONE, Map.of(), null, Clock.systemUTC())) {
            today.fake.enqueue(Script.text("new answer"));
            today.runtime().send(alice, imageId, "new question");
            today.awaitHistory(alice, imageId, 4);
        }
        try (RuntimeFixture restarted = new RuntimeFixture(dir, ToolRegistry.NONE,
                Map.of("MESSAGE_RETENTION_DAYS", "30"))) {
            Path db = restarted.settings.agentxDb();
            // the sweep runs on its own thread right after start-up
            Await.until("the retention sweep", WAIT, () -> Sqlite3.run(db, "SELECT count(*) FROM messages;")
                    .equals("2"));
            assertEquals(List.of("\"new question\"", "\"new answer\""), restarted.runtime().conversations()
                    .history(alice, imageId).stream().map(Message::content).toList());
            assertEquals(1, restarted.runtime().conversations().list(alice).size());
            assertEquals("0", Sqlite3.run(db, "SELECT count(*) FROM turn_events WHERE events LIKE '%old %';"),
                    "no stored event holds the deleted text");

            CollectingSink replay = new CollectingSink();
            restarted.runtime().subscribe(alice, imageId, 0L, replay);
            assertFalse(replay.events().stream().anyMatch(e -> e.json().contains("old ")), replay.types().toString());
            assertEquals(List.of("user_message", "message_start", "text_delta", "message_stop", "usage",
                    "conversation_end"), replay.types(), "the replay starts at the retention floor");
        } finally {
            TestFiles.deleteTree(dir);
        }
    }
}
