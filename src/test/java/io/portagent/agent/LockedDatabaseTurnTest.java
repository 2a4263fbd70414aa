package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.Script;
import io.portagent.testing.SqliteWriteLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Another process (the real {@code sqlite3}) holds agentx.db's write lock for 10 s while two
 * answers stream: longer than SQLite's 5 s busy timeout, so a checkpoint and the closing write
 * meet {@code SQLITE_BUSY}. Both turns end normally with their whole text stored: a transient
 * lock costs a wait, not the answer.
 */
class LockedDatabaseTurnTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aWriteLockHeldTenSecondsByAnotherProcessDelaysTurnsButFailsNone() throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture()) {
            List<String> deltas = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                deltas.add("d" + i + " ");
            }
            fixture.fake.defaultScript(Script.text(deltas.toArray(String[]::new)).deltaDelay(Duration.ofMillis(100)));
            Caller alice = fixture.newUser();
            String[] images = {fixture.newConversation(alice), fixture.newConversation(alice)};
            CollectingSink[] sinks = {new CollectingSink(), new CollectingSink()};
            for (int i = 0; i < 2; i++) {
                fixture.runtime().subscribe(alice, images[i], null, sinks[i]);
                fixture.runtime().send(alice, images[i], "story " + i);
            }
            sinks[0].awaitCount(EventType.TEXT_DELTA, 5, WAIT);
            try (SqliteWriteLock lock = SqliteWriteLock.take(fixture.dir.resolve("data/agentx.db"))) {
                Thread.sleep(10_000); // the lock is the fault under test: held for a fixed time on purpose
            }
            String whole = String.join("", deltas);
            for (int i = 0; i < 2; i++) {
                sinks[i].await(EventType.CONVERSATION_END, WAIT);
                assertFalse(sinks[i].types().contains("error"), "turn " + i + " saw no error: " + sinks[i].types());
                List<Message> history = fixture.awaitHistory(alice, images[i], 2);
                assertEquals(List.of("user", "assistant"), history.stream().map(m -> m.kind().wireName()).toList());
                assertEquals(whole, MessageContent.textOf(history.get(1).content()));
            }
        }
    }
}
