package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.Tmpfs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The disk fills after the whole answer streamed, so the turn's closing write is the one that
 * fails (a real tmpfs, filled by the test). The user is told after the end; the answer, kept in
 * memory, is written once space is back: by the writer's own retry, the next turn or shutdown,
 * whichever comes first.
 */
class DiskFullTurnTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aClosingWriteOnAFullDiskIsReportedAndSavedByTheNextTurnOnceSpaceIsBack() {
        try (Tmpfs disk = Tmpfs.mount("8m")) {
            try (RuntimeFixture fixture = new RuntimeFixture(disk.dir(), ToolRegistry.NONE, Map.of())) {
                Chat chat = answerThatCannotBeSaved(fixture, disk);
                disk.free();
                fixture.fake.enqueue(Script.text("Next."));
                fixture.runtime().send(chat.alice, chat.imageId, "again");
                List<Message> history = fixture.awaitHistory(chat.alice, chat.imageId, 5);
                assertEquals(List.of("user", "assistant", "error", "user", "assistant"),
                        history.stream().map(m -> m.kind().wireName()).toList());
                assertEquals("\"Complete answer.\"", history.get(1).content());
            }
            assertEquals("ok", Sqlite3.run(disk.dir().resolve("data/agentx.db"), "PRAGMA integrity_check;"));
            assertEquals("failed,completed", Sqlite3.run(disk.dir().resolve("data/agentx.db"),
                    "SELECT group_concat(status) FROM (SELECT status FROM turns ORDER BY rowid);"));
        }
    }

    @Test
    void aShutdownAfterSpaceIsFreedSavesTheAnswerThatCouldNotBeSaved() {
        try (Tmpfs disk = Tmpfs.mount("8m")) {
            try (RuntimeFixture fixture = new RuntimeFixture(disk.dir(), ToolRegistry.NONE, Map.of())) {
                Chat chat = answerThatCannotBeSaved(fixture, disk);
                disk.free();
                fixture.stop();
                fixture.open();
                assertEquals(List.of("user", "assistant", "error"), fixture.runtime().conversations()
                        .history(chat.alice, chat.imageId).stream().map(m -> m.kind().wireName()).toList());
            }
            assertEquals("failed", Sqlite3.run(disk.dir().resolve("data/agentx.db"), "SELECT status FROM turns;"));
        }
    }

    @Test
    void onceSpaceIsBackTheAnswerThatCouldNotBeSavedIsWrittenWithNothingSentAndTheSessionLeavesMemory() {
        try (Tmpfs disk = Tmpfs.mount("8m")) {
            try (RuntimeFixture fixture = new RuntimeFixture(disk.dir(), ToolRegistry.NONE, Map.of())) {
                Chat chat = answerThatCannotBeSaved(fixture, disk);
                fixture.runtime().unsubscribe(chat.subscription());
                assertEquals(1, fixture.runtime().sessionsInMemory(), "kept while its writes wait for space");
                disk.free();
                // no turn, no shutdown: the writer's own retry writes what it kept
                List<Message> history = fixture.awaitHistory(chat.alice(), chat.imageId(), 3);
                assertEquals(List.of("user", "assistant", "error"),
                        history.stream().map(m -> m.kind().wireName()).toList());
                assertEquals("\"Complete answer.\"", history.get(1).content());
                fixture.awaitSessionsInMemory(0);
            }
            assertEquals("failed", Sqlite3.run(disk.dir().resolve("data/agentx.db"), "SELECT status FROM turns;"));
        }
    }

    private record Chat(Caller alice, String imageId, AgentRuntime.Subscription subscription) {
    }

    /** Streams a whole answer, held by the fake after its last delta while the disk fills, then lets it end. */
    private static Chat answerThatCannotBeSaved(RuntimeFixture fixture, Tmpfs disk) {
        Caller alice = fixture.newUser();
        String imageId = fixture.newConversation(alice);
        CollectingSink sink = new CollectingSink();
        AgentRuntime.Subscription subscription = fixture.runtime().subscribe(alice, imageId, null, sink);
        fixture.fake.enqueue(Script.text("Complete ", "answer.").stallAfterDeltas(2));
        fixture.runtime().send(alice, imageId, "hello");
        fixture.fake.awaitStalledStreams(1, WAIT);
        disk.fill();
        fixture.fake.releaseStalls();

        AgentEvent error = sink.await(EventType.ERROR, WAIT);
        assertEquals("storage_full", CollectingSink.data(error).getString("code"));
        List<String> types = sink.types();
        assertEquals(List.of("conversation_end", "error"), types.subList(types.size() - 2, types.size()),
                "the answer ended, then its save failed");
        assertFalse(fixture.runtime().isRunning(fixture.runtime().conversations().require(alice, imageId)));
        return new Chat(alice, imageId, subscription);
    }
}
