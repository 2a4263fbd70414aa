package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** MESSAGE_RETENTION_DAYS removes old messages at start-up (then daily), keeping recent ones and the conversation. */
class RetentionTest {

    @Test
    void messagesOlderThanTheRetentionAreDeletedAndTheRestStays() {
        Path dir = TestFiles.tempDir("portagent-retention");
        Caller alice;
        String imageId;
        try (RuntimeFixture fixture = new RuntimeFixture(dir, ToolRegistry.NONE, Map.of())) {
            alice = fixture.newUser();
            imageId = fixture.newConversation(alice);
            fixture.fake.enqueue(Script.text("old answer"), Script.text("new answer"));
            fixture.runtime().send(alice, imageId, "old question");
            fixture.awaitHistory(alice, imageId, 2);
            Sqlite3.run(fixture.settings.agentxDb(), "UPDATE messages SET timestamp = timestamp - 40 * 86400000;");
            fixture.runtime().send(alice, imageId, "new question");
            fixture.awaitHistory(alice, imageId, 4);
        }
        try (RuntimeFixture restarted = new RuntimeFixture(dir, ToolRegistry.NONE,
                Map.of("MESSAGE_RETENTION_DAYS", "30"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> contents = restarted.runtime().conversations().history(alice, imageId).stream()
                    .map(m -> m.content()).toList();
            while (contents.size() != 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000); // the sweep runs on its own thread right after start-up
                contents = restarted.runtime().conversations().history(alice, imageId).stream()
                        .map(m -> m.content()).toList();
            }
            assertEquals(List.of("\"new question\"", "\"new answer\""), contents);
            assertEquals(1, restarted.runtime().conversations().list(alice).size());
        } finally {
            TestFiles.deleteTree(dir);
        }
    }
}
