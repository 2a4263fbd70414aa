package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import io.portagent.testing.TestFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token ledger on real SQLite files: what each turn used, per user and model, and the daily limit. */
class UsageLedgerTest {

    /** 21:30 in Berlin: the limit resets in 2 h 30 min. */
    private static final Clock EVENING = Clock.fixed(Instant.parse("2026-11-28T20:30:00Z"), ZoneId.of("Europe/Berlin"));
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    private final Path dir = TestFiles.tempDir("portagent-usage");
    private final RuntimeFixture fixture = new RuntimeFixture(dir, ToolRegistry.NONE,
            Map.of("USER_DAILY_TOKEN_LIMIT", "100", "LLM_MODELS", "claude-a"), null, EVENING);

    @AfterEach
    void close() {
        fixture.close();
        TestFiles.deleteTree(dir);
    }

    private List<UsageLedger.DailyUsage> usageOf(Caller caller) {
        return fixture.runtime().usage().daily(TODAY, TODAY, Optional.of(caller.userId()));
    }

    @Test
    void aSendOverTheDailyLimitIsRefusedBeforeTheModelIsCalledSayingWhenItResets() {
        Caller alice = fixture.newUser();
        String imageId = fixture.newConversation(alice);
        fixture.fake.enqueue(Script.text("A long answer.").usage(80, 30));
        fixture.runtime().send(alice, imageId, "first");
        fixture.awaitHistory(alice, imageId, 2);

        AgentException refused = assertThrows(AgentException.class, () -> fixture.runtime().send(alice, imageId,
                "second"));
        assertEquals("quota_exceeded", refused.code());
        assertTrue(refused.getMessage().contains("used 110 of your 100 tokens for today"), refused.getMessage());
        assertTrue(refused.getMessage().contains("resets at midnight (00:00 Europe/Berlin), in 2 h 30 min"),
                refused.getMessage());
        assertEquals(1, fixture.fake.requests().size());
        assertEquals(2, fixture.runtime().conversations().history(alice, imageId).size(), "the prompt was not stored");

        Caller bob = fixture.newUser();
        String bobs = fixture.newConversation(bob);
        fixture.fake.enqueue(Script.text("Bob's answer.").usage(5, 2));
        fixture.runtime().send(bob, bobs, "hi");
        fixture.awaitHistory(bob, bobs, 2);
    }

    @Test
    void theLedgerKeepsEachUsersTokensPerModelAfterTheConversationIsDeleted() {
        Caller alice = fixture.newUser();
        String imageId = fixture.newConversation(alice);
        fixture.fake.enqueue(Script.text("One.").usage(12, 3), Script.text("Two.").usage(20, 4));
        fixture.runtime().send(alice, imageId, "one");
        fixture.awaitHistory(alice, imageId, 2);
        fixture.runtime().send(alice, imageId, "two");
        fixture.awaitHistory(alice, imageId, 4);
        assertEquals(Optional.of(new History.Usage(20, 4)),
                fixture.runtime().conversations().snapshot(alice, imageId).lastTurn());

        fixture.runtime().delete(alice, imageId);

        assertEquals(List.of(new UsageLedger.DailyUsage(TODAY.toString(), alice.userId(), "claude-a", 2, 32, 7)),
                usageOf(alice));
        assertEquals(List.of(), usageOf(fixture.newUser()));
    }
}
