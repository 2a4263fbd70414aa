package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.store.TurnRepository.EventChunk;
import io.portagent.store.TurnRepository.SessionWrite;
import io.portagent.store.TurnRepository.TurnRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The repositories on both engines, one suite: what the SQL of each says (case rules, order,
 * upserts, generated ids, the one-running-turn rule) must read the same on SQLite and PostgreSQL.
 */
class RepositoriesTest {

    @TempDir
    Path dir;

    /** Container c1 of user u1 with conversation i1, session s1. */
    private static void oneConversation(Engines db) {
        new ContainerRepository(db.agents).create("c1", "u1", 1);
        new ConversationRepository(db.agents).create(new ConversationRecord("i1", "c1", "s1", "one", null, 5, 5, null));
    }

    private static UserRecord user(String id, String name, String email) {
        return new UserRecord(id, name, email, "hash", "c-" + id, null, null, true, 1_000, 1_000);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theContextVersionMovesOnEveryChangeToMessagesAlreadyReadAndOnNoOther(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            oneConversation(db);
            new ConversationRepository(db.agents).create(new ConversationRecord("i2", "c1", "s2", "two", null, 5, 5, null));
            MessageRepository messages = new MessageRepository(db.agents);
            TurnRepository turns = new TurnRepository(db.agents);
            assertEquals(-1, messages.contextVersion("nowhere"));
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "completed", 1, 2, 0, 0, "m", null, null)),
                    List.of(message("m1", "user", "t1", "hi"), message("m2", "assistant", "t1", "hello")), null));
            long v = messages.contextVersion("s1");
            List<String> after = messages.contextAfter("s1", "failed", v, 0).orElseThrow().stream()
                    .map(r -> r.message().messageId() + (r.running() ? " running" : "")).toList();
            assertEquals(List.of("m1", "m2"), after);

            // not moved: a turn that runs, its answer stored again and again, its end, a new turn
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t2", "running", 3, 0, 0, 0, "m", null, null)),
                    List.of(message("m3", "user", "t2", "more")), null));
            assertEquals(List.of("m3 running"), messages.contextAfter("s1", "failed", v, rowid(messages, "m2"))
                    .orElseThrow().stream().map(r -> r.message().messageId() + (r.running() ? " running" : "")).toList());
            for (String text : List.of("a", "ab", "abc")) {
                turns.save(new SessionWrite("s1", List.of(), List.of(message("m4", "assistant", "t2", text)), null));
            }
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t2", "failed", 3, 4, 0, 0, "m", null, null)),
                    List.of(message("m4", "assistant", "t2", "abcd")), null));
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t3", "completed", 5, 6, 0, 0, "m", null, null)),
                    List.of(message("m5", "user", "t3", "again")), null));
            sql(db, "UPDATE turns SET inputTokens = 9 WHERE turnId = ?", "t1");
            assertEquals(v, messages.contextVersion("s1"), "nothing read before has changed");

            // moved: each change to what a window may hold, by the server or by hand
            List<String[]> changes = List.of(
                    new String[] {"UPDATE messages SET content = '\"hey\"' WHERE messageId = ?", "m2"},
                    new String[] {"UPDATE turns SET status = 'failed' WHERE turnId = ?", "t1"},
                    new String[] {"UPDATE turns SET status = 'completed' WHERE turnId = ?", "t2"},
                    new String[] {"UPDATE messages SET turnId = 't3' WHERE messageId = ?", "m3"},
                    new String[] {"DELETE FROM messages WHERE messageId = ?", "m1"},
                    new String[] {"DELETE FROM turns WHERE turnId = ?", "t3"});
            for (String[] change : changes) {
                long before = messages.contextVersion("s1");
                sql(db, change[0], change[1]);
                long now = messages.contextVersion("s1");
                assertNotEquals(before, now, change[0]);
                assertTrue(messages.contextAfter("s1", "failed", before, 0).isEmpty(), change[0]);
            }
            long before = messages.contextVersion("s1");
            sql(db, "UPDATE messages SET sessionId = 's2' WHERE messageId = ?", "m5");
            assertNotEquals(before, messages.contextVersion("s1"), "a message moved away");
            assertEquals(1, messages.contextVersion("s2"), "and into another conversation");
        }
    }

    private static MessageRecord message(String id, String subtype, String turnId, String text) {
        return new MessageRecord(id, "s1", subtype, subtype, "\"" + text + "\"", 1, turnId);
    }

    private static long rowid(MessageRepository messages, String messageId) {
        return messages.contextPage("s1", "failed", null, 100).stream()
                .filter(r -> r.message().messageId().equals(messageId)).findFirst().orElseThrow().rowid();
    }

    private static void sql(Engines db, String sql, String arg) {
        db.agents.write(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, arg);
                return s.executeUpdate();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void usernamesAreUniqueAndFoundInAnyCaseEmailsAsStored(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            UserRepository users = new UserRepository(db.users);
            users.insert(user("u1", "Alice", "alice@example.com"));
            users.insert(user("u2", "bob", "bob@example.com"));
            DuplicateException taken = assertThrows(DuplicateException.class,
                    () -> users.insert(user("u3", "ALICE", "other@example.com")));
            assertEquals("Username", taken.field());
            assertEquals("Email", assertThrows(DuplicateException.class,
                    () -> users.insert(user("u4", "carol", "bob@example.com"))).field());
            assertEquals("u1", users.findByLogin("aLiCe").orElseThrow().userId());
            assertEquals("u2", users.findByLogin("BOB@example.com").orElseThrow().userId());
            assertTrue(users.findByLogin("nobody").isEmpty());
            assertEquals(List.of("Alice", "bob"), users.all().stream().map(UserRecord::username).toList());
            assertTrue(users.isActive("u1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void accountsPageSearchesAnyCaseWithWildcardsTakenLiterally(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            AccountRepository accounts = new AccountRepository(db.users);
            accounts.transaction(tx -> {
                tx.insert(user("u1", "Ann_1", "ann@example.com"), false, Set.of("admin"));
                tx.insert(user("u2", "annabel", "bel@example.com"), true, Set.of());
                tx.insert(user("u3", "zed", "z@example.com"), false, Set.of());
                return null;
            });
            AccountRepository.Page page = accounts.page("ANN", AccountRepository.Sort.USERNAME, false, 0, 10);
            assertEquals(2, page.total());
            assertEquals(List.of("Ann_1", "annabel"), page.accounts().stream().map(a -> a.user().username()).toList());
            assertEquals(List.of("Ann_1"), accounts.page("n_", AccountRepository.Sort.USERNAME, false, 0, 10)
                    .accounts().stream().map(a -> a.user().username()).toList(), "_ is a character, not a wildcard");
            assertEquals(1, accounts.page("", AccountRepository.Sort.USERNAME, true, 1, 1).accounts().size());
            AccountRecord ann = accounts.find("u1").orElseThrow();
            assertEquals(Set.of("admin"), ann.grantedRoles());
            assertTrue(accounts.find("u2").orElseThrow().mustChangePassword());
            assertEquals(1, accounts.activeAdmins(Set.of()));
            assertEquals(2, accounts.activeAdmins(Set.of("zed", "nobody")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void disablingAnAccountCutsItsTokensAlsoFromPlainSql(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            AccountRepository accounts = new AccountRepository(db.users);
            accounts.transaction(tx -> {
                tx.insert(user("u1", "ann", "ann@example.com"), false, Set.of());
                return null;
            });
            long before = System.currentTimeMillis();
            // the operator's command from the seed's troubleshooting guide, on either engine
            db.users.write(c -> Sql.update(c, "UPDATE users SET isActive = 0 WHERE userId = 'u1'"));
            long cutoff = accounts.find("u1").orElseThrow().tokensValidAfter();
            assertTrue(cutoff >= before - 1_000, "the trigger recorded the cutoff: " + cutoff);
            accounts.transaction(tx -> {
                tx.cutTokens("u1", cutoff - 500_000);
                return null;
            });
            assertEquals(cutoff, accounts.find("u1").orElseThrow().tokensValidAfter(), "a cutoff never moves back");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void groupsListTheirModelsInOrderAndMembersOnce(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            new UserRepository(db.users).insert(user("u1", "ann", "ann@example.com"));
            GroupRepository groups = new GroupRepository(db.users);
            groups.create(new GroupRecord("g1", "Research", null, List.of("m-b", "m-a"), 500, 0, 1, 1));
            groups.addMember("g1", "u1", 2);
            groups.addMember("g1", "u1", 3);
            GroupRecord found = groups.find("g1").orElseThrow();
            assertEquals(List.of("m-a", "m-b"), found.models());
            assertEquals(1, found.memberCount());
            assertEquals(Map.of("u1", List.of(new AccountRepository.GroupRef("g1", "Research"))),
                    new AccountRepository(db.users).groupsOf(List.of("u1", "u2")));
            assertThrows(DuplicateException.class,
                    () -> groups.create(new GroupRecord("g2", "Research", null, List.of(), 0, 0, 1, 1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void invitesAreListedNewestFirstAndUsesNeverGoBelowZero(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            InviteRepository invites = new InviteRepository(db.users);
            invites.create(new InviteRecord("first", null, 10, null, Long.MAX_VALUE, 1, 0, false));
            invites.create(new InviteRecord("second", null, 10, null, Long.MAX_VALUE, 1, 0, false));
            assertEquals(List.of("second", "first"), invites.list().stream().map(InviteRecord::code).toList(),
                    "same time: the later insert first");
            assertTrue(invites.claim("first", 20));
            assertFalse(invites.claim("first", 20), "one use only");
            invites.unclaim("first");
            invites.unclaim("first");
            assertEquals(0, invites.list().get(1).uses());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void auditEntriesGetIncreasingIdsAndFilter(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            AuditRepository audit = new AuditRepository(db.users);
            long a = audit.append(new AuditRecord(0, 100, "login", "u1", "ann", null, null, "127.0.0.1", "{}"));
            long b = audit.append(new AuditRecord(0, 200, "logout", "u1", "ann", null, null, "127.0.0.1", "{}"));
            assertTrue(b > a);
            assertEquals(List.of(b, a), audit.find(new AuditRepository.Filter(null, "u1", null, null, null, 10))
                    .stream().map(AuditRecord::id).toList());
            assertEquals(1, audit.find(new AuditRepository.Filter("login", null, null, null, null, 10)).size());
            assertEquals(1, audit.deleteOlderThan(150));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void settingsAndUsageAreUpserted(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            SettingsRepository settings = new SettingsRepository(db.users);
            settings.apply(Map.of("LLM_MODELS", "a"), "u1", 1);
            settings.apply(Map.of("LLM_MODELS", "a,b"), "u1", 2);
            assertEquals(Map.of("LLM_MODELS", "a,b"), settings.all());
            UsageRepository usage = new UsageRepository(db.agents);
            db.agents.write(c -> {
                UsageRepository.record(c, new UsageRepository.TurnTokens("t1", "u1", "m", "2026-12-06", 1, 10, 5));
                UsageRepository.record(c, new UsageRepository.TurnTokens("t1", "u1", "m", "2026-12-06", 1, 20, 7));
                return null;
            });
            assertEquals(27, usage.usedOn("u1", "2026-12-06"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void conversationsListByActivityThenNewestAndDeleteWithEverything(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            new ContainerRepository(db.agents).create("c1", "u1", 1);
            ConversationRepository conversations = new ConversationRepository(db.agents);
            conversations.create(new ConversationRecord("i1", "c1", "s1", "one", null, 5, 5, null));
            conversations.create(new ConversationRecord("i2", "c1", "s2", "two", null, 5, 5, "m"));
            assertEquals(List.of("i2", "i1"), conversations.list("c1").stream()
                    .map(ConversationRecord::conversationId).toList());
            TurnRepository turns = new TurnRepository(db.agents);
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "completed", 6, 7, 1, 2, "m", null, null)),
                    List.of(new MessageRecord("m1", "s1", "user", "user", "{}", 6, "t1")),
                    new EventChunk(1, 2, 6, 7, "{}\n{}\n")));
            assertEquals(new ContainerRepository.Usage("c1", "", 2, 1), new ContainerRepository(db.agents).usage("c1"));
            assertTrue(conversations.delete("c1", "i1"));
            assertEquals(0L, turns.lastSeq("s1"));
            assertEquals(List.of(), turns.eventsAfter("s1", 0));
            assertEquals(1, new ContainerRepository(db.agents).usage("c1").conversations());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSessionKeepsItsMessagesInInsertOrderAndItsEventsBySeq(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            oneConversation(db);
            TurnRepository turns = new TurnRepository(db.agents);
            MessageRepository messages = new MessageRepository(db.agents);
            // the same timestamp: insertion order decides
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "running", 10, 0, 0, 0, "m", "u1", "d")),
                    List.of(new MessageRecord("z", "s1", "user", "user", "{\"q\":1}", 10, "t1"),
                            new MessageRecord("a", "s1", "assistant", "assistant", "{}", 10, "t1")),
                    new EventChunk(1, 3, 10, 11, "1\n2\n3\n")));
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "failed", 10, 12, 3, 4, "m", "u1", "d")),
                    List.of(), new EventChunk(4, 5, 12, 12, "4\n5\n")));
            assertEquals(List.of("z", "a"), messages.history("s1").stream().map(MessageRecord::messageId).toList());
            assertEquals(5L, turns.lastSeq("s1"));
            assertEquals(List.of(4L), turns.eventsAfter("s1", 3).stream().map(EventChunk::firstSeq).toList());
            TurnRepository.LastTurn last = turns.lastTurn("s1").orElseThrow();
            assertEquals("failed", last.turn().status());
            assertEquals("z", last.prompt().orElseThrow().messageId());
            assertEquals(7L, new UsageRepository(db.agents).usedOn("u1", "d"));
            assertEquals(List.of(), turns.runningTurns());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onlyOneTurnRunsPerSessionWhoeverStartsIt(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            oneConversation(db);
            TurnRepository turns = new TurnRepository(db.agents);
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "running", 10, 0, 0, 0, "m", null, null)),
                    List.of(), null));
            assertThrows(TurnRepository.TurnBusyException.class, () -> turns.save(new SessionWrite("s1",
                    List.of(new TurnRow("t2", "running", 11, 0, 0, 0, "m", null, null)), List.of(), null)));
            assertEquals(List.of("t1"), turns.runningTurns().stream().map(r -> r.turn().turnId()).toList());
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t1", "completed", 10, 12, 0, 0, "m", null, null)),
                    List.of(), null));
            turns.save(new SessionWrite("s1", List.of(new TurnRow("t2", "running", 13, 0, 0, 0, "m", null, null)),
                    List.of(), null));
            assertEquals(List.of("t2"), turns.runningTurns().stream().map(r -> r.turn().turnId()).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentWritersThatReadThenWriteLoseNoUpdate(Dialect dialect) throws Exception {
        try (Engines db = Engines.open(dialect, dir)) {
            db.users.write(c -> Sql.update(c, "INSERT INTO settings(key, value, updatedAt) VALUES ('n', '0', 0)"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                done.add(pool.submit(() -> db.users.write(c -> {
                    int n = Integer.parseInt(Sql.one(c, "SELECT value FROM settings WHERE key = 'n'",
                            r -> r.getString(1)).orElseThrow());
                    return Sql.update(c, "UPDATE settings SET value = ? WHERE key = 'n'", String.valueOf(n + 1));
                })));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(Map.of("n", "200"), new SettingsRepository(db.users).all(),
                    "every read-then-write saw the one before it");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void apiKeysAreFoundByHashCappedPerOwnerDeletedOnlyByTheirOwnerAndGoneWhenTheAccountIsDisabled(Dialect dialect) {
        try (Engines db = Engines.open(dialect, dir)) {
            UserRepository users = new UserRepository(db.users);
            users.insert(user("u1", "alice", "alice@example.com"));
            users.insert(user("u2", "bob", "bob@example.com"));
            ApiKeyRepository keys = new ApiKeyRepository(db.users);
            assertTrue(keys.insertWithin(new ApiKeyRecord("k1", "u1", "ci", "h1", "pak-aaaa", 10, null, null), 2, 20));
            assertTrue(keys.insertWithin(new ApiKeyRecord("k2", "u1", "old", "h2", "pak-bbbb", 11, 15L, null), 2, 20));
            assertTrue(keys.insertWithin(new ApiKeyRecord("k3", "u1", "ide", "h3", "pak-cccc", 12, null, null), 2, 20),
                    "an expired key does not count");
            assertFalse(keys.insertWithin(new ApiKeyRecord("k4", "u1", "four", "h4", "pak-dddd", 13, null, null), 2,
                    20));
            assertEquals(List.of("k3", "k2", "k1"), keys.ofUser("u1").stream().map(ApiKeyRecord::keyId).toList());
            assertEquals(Long.valueOf(15), keys.findByHash("h2").orElseThrow().expiresAt());
            assertEquals(null, keys.findByHash("h1").orElseThrow().lastUsedAt());

            keys.touch("k1", 100, 60);
            keys.touch("k1", 130, 60);
            assertEquals(Long.valueOf(100), keys.findByHash("h1").orElseThrow().lastUsedAt(), "at most once a minute");
            assertFalse(keys.delete("u2", "k1"), "only the owner deletes a key");
            assertTrue(keys.delete("u1", "k1"));
            assertTrue(keys.findByHash("h1").isEmpty());

            db.users.write(c -> Sql.update(c, "UPDATE users SET isActive = 0 WHERE userId = 'u1'"));
            assertTrue(keys.ofUser("u1").isEmpty(), "disabling the account deleted its keys");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSocketTicketIsRedeemedOnceAndNotAfterItExpired(Dialect dialect) throws Exception {
        try (Engines db = Engines.open(dialect, dir)) {
            TicketRepository tickets = new TicketRepository(db.users);
            tickets.insert(new TicketRecord("t1", "u1", "tok", 1, 9_000, "user", 1_030), 1_000);
            tickets.insert(new TicketRecord("t2", "u1", "tok", 1, 9_000, "user", 1_030), 1_000);
            assertEquals("tok", tickets.redeem("t1", 1_010).orElseThrow().tokenId());
            assertTrue(tickets.redeem("t1", 1_010).isEmpty(), "used up");
            assertTrue(tickets.redeem("t2", 1_030).isEmpty(), "expired");

            tickets.insert(new TicketRecord("t3", "u1", "tok", 1, 9_000, "user", 2_030), 2_000);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tries.add(pool.submit(() -> tickets.redeem("t3", 2_010).isPresent()));
            }
            int redeemed = 0;
            for (Future<Boolean> t : tries) {
                redeemed += t.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, redeemed, "of four at once, one");
        }
    }
}
