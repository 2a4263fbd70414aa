package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Conversations belong to one container: list, create, rename, delete, and nobody else's ids work. */
class ConversationsTest {

    private RuntimeFixture fixture;
    private Caller alice;
    private Caller bob;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture();
        alice = fixture.newUser();
        bob = fixture.newUser();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Conversations conversations() {
        return fixture.runtime().conversations();
    }

    @Test
    void createUsesTheDefaultNameAndListShowsTheMostRecentActivityFirst() {
        Conversation first = conversations().create(alice, Optional.empty(), Optional.empty());
        Conversation second = conversations().create(alice, Optional.of("  Trip plans "), Optional.of("Be brief."));
        assertEquals("New Conversation", first.name());
        assertEquals("Trip plans", second.name());
        assertEquals("Be brief.", second.systemPrompt());
        assertEquals(List.of(second.id(), first.id()),
                conversations().list(alice).stream().map(Conversation::id).toList());

        fixture.fake.enqueue(Script.text("hi"));
        CollectingSink sink = new CollectingSink();
        fixture.runtime().subscribe(alice, first.id(), null, sink);
        fixture.runtime().send(alice, first.id(), "bump");
        sink.await(EventType.CONVERSATION_END, Duration.ofSeconds(20));
        fixture.awaitHistory(alice, first.id(), 2);
        assertEquals(first.id(), conversations().list(alice).get(0).id(), "a new message moves it up");
        assertTrue(conversations().list(bob).isEmpty());
    }

    @Test
    void renameChangesTheNameAndRefusesAnEmptyOne() {
        Conversation image = conversations().create(alice, Optional.empty(), Optional.empty());
        assertEquals("Renamed", conversations().rename(alice, image.id(), " Renamed ").name());
        assertEquals("invalid_request",
                assertThrows(AgentException.class, () -> conversations().rename(alice, image.id(), " ")).code());
    }

    @Test
    void anotherUsersIdIsNotFoundForEveryOperationExactlyLikeAMissingOne() {
        String imageId = conversations().create(alice, Optional.empty(), Optional.empty()).id();
        List<Executable> attempts = List.of(
                () -> conversations().rename(bob, imageId, "mine now"),
                () -> conversations().history(bob, imageId),
                () -> fixture.runtime().send(bob, imageId, "hello"),
                () -> fixture.runtime().interrupt(bob, imageId),
                () -> fixture.runtime().subscribe(bob, imageId, 0L, new CollectingSink()),
                () -> fixture.runtime().delete(bob, imageId));
        for (Executable attempt : attempts) {
            AgentException e = assertThrows(AgentException.class, attempt);
            assertEquals("not_found", e.code());
            assertEquals("No conversation " + imageId, e.getMessage());
        }
        AgentException missing = assertThrows(AgentException.class, () -> conversations().history(bob, "nope"));
        assertEquals("not_found", missing.code());
        assertEquals(1, conversations().list(alice).size());
        assertTrue(fixture.fake.requests().isEmpty());
    }

    @Test
    void deleteRemovesMessagesSessionEventsAndTheWorkingDirectory() throws Exception {
        String imageId = conversations().create(alice, Optional.empty(), Optional.empty()).id();
        fixture.fake.enqueue(Script.text("bye"));
        fixture.runtime().send(alice, imageId, "hello");
        fixture.awaitHistory(alice, imageId, 2);
        Path workdir = fixture.settings.containersDir().resolve(alice.containerId()).resolve("workdirs").resolve(imageId);
        Files.createDirectories(workdir);
        Files.writeString(workdir.resolve("notes.txt"), "x");

        fixture.runtime().delete(alice, imageId);
        assertTrue(conversations().list(alice).isEmpty());
        assertFalse(Files.exists(workdir));
        Path db = fixture.settings.agentxDb();
        for (String table : List.of("images", "sessions", "messages", "turns", "turn_events")) {
            assertEquals("0", Sqlite3.run(db, "SELECT count(*) FROM " + table + ";"), table);
        }
    }

    @Test
    void theOperatorsMessageCleanupLeavesTheDatabaseConsistent() {
        String imageId = conversations().create(alice, Optional.empty(), Optional.empty()).id();
        fixture.fake.enqueue(Script.text("old answer"));
        fixture.runtime().send(alice, imageId, "old question");
        fixture.awaitHistory(alice, imageId, 2);
        Path db = fixture.settings.agentxDb();
        Sqlite3.run(db, "UPDATE messages SET timestamp = timestamp - 40 * 86400000;");
        Sqlite3.run(db, "DELETE FROM messages WHERE timestamp < strftime('%s', 'now', '-30 days') * 1000;");
        assertEquals("ok", Sqlite3.run(db, "PRAGMA integrity_check;"));
        assertEquals("", Sqlite3.run(db, "PRAGMA foreign_key_check;"));
        assertTrue(conversations().history(alice, imageId).isEmpty());
        fixture.fake.enqueue(Script.text("new answer"));
        fixture.runtime().send(alice, imageId, "new question");
        assertEquals(2, fixture.awaitHistory(alice, imageId, 2).size());
    }
}
