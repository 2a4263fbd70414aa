package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    private static final String COUNT = "SELECT count(*) FROM containers";
    private static final String INSERT = "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES (?, ?, 1, 1)";

    @TempDir
    Path dir;

    private Database open(Path file) {
        return Database.open(file.getFileName().toString(), DataSources.onFile(file), Schemas.AGENTX);
    }

    private static long count(Connection c) throws java.sql.SQLException {
        return Sql.one(c, COUNT, r -> r.getLong(1)).orElseThrow();
    }

    @Test
    void theSameSqlOnTheSameConnectionRunsTheSameStatementAgain() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            List<PreparedStatement> used = db.read(c -> List.of(kept(c, COUNT), kept(c, COUNT)));
            assertSame(used.get(0), used.get(1));
            boolean closed = db.read(c -> used.get(0).isClosed());
            assertFalse(closed, "the kept statement was closed");
        }
    }

    /** Runs {@code sql} through {@link Sql} and returns the statement it ran on, kept again. */
    private static PreparedStatement kept(Connection c, String sql) throws java.sql.SQLException {
        Sql.list(c, sql, r -> r.getObject(1));
        StatementCache cache = StatementCache.of(c);
        PreparedStatement s = cache.take(c, sql);
        cache.giveBack(sql, s);
        return s;
    }

    @Test
    void aKeptQueryHoldsNoSnapshotSoEveryReadSeesTheLatestCommitFromAnyProcess() {
        Path file = dir.resolve("agentx.db");
        try (Database db = open(file)) {
            assertEquals(0L, db.read(StatementCacheTest::count));
            db.write(c -> Sql.update(c, INSERT, "user-1", "u1"));
            assertEquals(1L, db.read(StatementCacheTest::count));
            Sqlite3.run(file, "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES ('user-2', 'u2', 1, 1);");
            assertEquals(2L, db.read(StatementCacheTest::count), "a reader kept an old snapshot open");
        }
    }

    @Test
    void aKeptStatementLeavesNoReaderInTheWayOfTheClosingCheckpoint() throws Exception {
        Path file = dir.resolve("agentx.db");
        try (Database db = open(file)) {
            db.write(c -> Sql.update(c, INSERT, "user-1", "u1"));
            for (int i = 0; i < 3; i++) {
                db.read(StatementCacheTest::count);
            }
            String busy = db.write(c -> Sql.one(c, "PRAGMA wal_checkpoint(TRUNCATE)", r -> r.getString(1))
                    .orElseThrow());
            assertEquals("0", busy, "a reader blocked the checkpoint");
        }
        Path wal = dir.resolve("agentx.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "WAL left behind");
    }

    @Test
    void aStatementWhoseUseFailedIsClosedAndTheNextUsePreparesANewOne() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            db.write(c -> Sql.update(c, INSERT, "user-1", "u1"));
            PreparedStatement kept = db.write(c -> {
                StatementCache cache = StatementCache.of(c);
                PreparedStatement s = cache.take(c, INSERT);
                cache.giveBack(INSERT, s);
                return s;
            });
            assertThrows(StoreException.class, () -> db.write(c -> Sql.update(c, INSERT, "user-1", "u1")));
            PreparedStatement after = db.write(c -> {
                StatementCache cache = StatementCache.of(c);
                PreparedStatement s = cache.take(c, INSERT);
                cache.giveBack(INSERT, s);
                return s;
            });
            int keptNow = db.write(c -> StatementCache.of(c).size());
            assertEquals(1, keptNow, "only the new INSERT is kept");
            assertNotSame(kept, after);
            boolean closed = db.write(c -> kept.isClosed());
            assertTrue(closed, "the failed statement was left open");
            int inserted = db.write(c -> Sql.update(c, INSERT, "user-2", "u2") + Sql.update(c, INSERT, "user-3", "u3"));
            assertEquals(2, inserted);
        }
    }

    @Test
    void aQueryRunWhileTheSameQueryIsOpenOnTheConnectionGetsItsOwnStatement() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            db.write(c -> Sql.update(c, INSERT, "user-1", "u1") + Sql.update(c, INSERT, "user-2", "u2"));
            String ids = "SELECT containerId FROM containers ORDER BY containerId";
            List<String> pairs = db.read(c -> Sql.list(c, ids,
                    outer -> outer.getString(1) + ":" + String.join(",", Sql.list(c, ids, inner -> inner.getString(1)))));
            assertEquals(List.of("user-1:user-1,user-2", "user-2:user-1,user-2"), pairs);
            assertEquals(List.of("user-1", "user-2"), db.read(c -> Sql.list(c, ids, r -> r.getString(1))));
        }
    }

    @Test
    void atMostSizeStatementsAreKeptTheLeastRecentlyUsedGoFirst() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            int total = StatementCache.SIZE + 10;
            List<Integer> sizes = db.read(c -> {
                for (int i = 0; i < total; i++) {
                    Sql.one(c, "SELECT " + i, r -> r.getInt(1));
                }
                StatementCache cache = StatementCache.of(c);
                int full = cache.size();
                cache.take(c, "SELECT " + (total - 1)).close(); // the newest is kept: taking it leaves one fewer
                int afterNewest = cache.size();
                cache.take(c, "SELECT 0").close(); // the oldest went: taking it prepares a new one
                return List.of(full, afterNewest, cache.size());
            });
            assertEquals(List.of(StatementCache.SIZE, StatementCache.SIZE - 1, StatementCache.SIZE - 1), sizes);
        }
    }

    @Test
    void closingTheDatabaseClosesEveryKeptStatement() {
        Database db = open(dir.resolve("agentx.db"));
        Connection[] reader = new Connection[1];
        PreparedStatement kept = db.read(c -> {
            reader[0] = c;
            count(c);
            StatementCache cache = StatementCache.of(c);
            PreparedStatement s = cache.take(c, COUNT);
            cache.giveBack(COUNT, s);
            return s;
        });
        db.close();
        assertNull(StatementCache.of(reader[0]));
        assertThrows(java.sql.SQLException.class, kept::executeQuery);
    }
}
