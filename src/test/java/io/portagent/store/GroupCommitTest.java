package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that queue for SQLite's one writer connection go in one transaction; each runs under a
 * savepoint of its own, so one that fails is undone alone and its caller alone hears of it.
 */
class GroupCommitTest {

    private static final int WRITERS = 40;

    @TempDir
    Path dir;

    private static int insert(Connection c, String containerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES (?, 'u', 1, 1)")) {
            s.setString(1, containerId);
            return s.executeUpdate();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writesThatQueueCommitTogetherAndAFailingOneIsUndoneAlone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try (Database db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX)) {
            SqliteDatabase sqlite = (SqliteDatabase) db;
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Integer> first = pool.submit(() -> db.write(c -> {
                writing.countDown();
                awaitQuietly(release);
                return insert(c, "first");
            }));
            assertTrue(writing.await(30, TimeUnit.SECONDS));

            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String id = "c" + i;
                writes.add(pool.submit(() -> db.write(c -> insert(c, id))));
            }
            // its first row goes in, its second collides with the row the first write commits
            Future<Integer> doomed = pool.submit(() -> db.write(c -> insert(c, "doomed") + insert(c, "first")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sqlite.queuedWrites() < WRITERS + 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(WRITERS + 1, sqlite.queuedWrites(), "all wait behind the first");
            release.countDown();

            assertEquals(1, first.get(30, TimeUnit.SECONDS));
            for (Future<Integer> write : writes) {
                assertEquals(1, write.get(30, TimeUnit.SECONDS));
            }
            ExecutionException failed = assertThrows(ExecutionException.class, () -> doomed.get(30, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof StoreException, "its own error: " + failed.getCause());
            assertTrue(failed.getCause().getCause() instanceof SQLException e && UniqueViolation.is(e),
                    "the collision: " + failed.getCause());

            assertEquals(2, db.writeTransactions(), "the first write's commit and one for the forty that waited");
            List<String> stored = db.read(c -> Sql.list(c, "SELECT containerId FROM containers ORDER BY containerId",
                    r -> r.getString(1)));
            assertEquals(WRITERS + 1, stored.size(), "every write but the failed one: " + stored);
            assertTrue(stored.contains("first") && stored.contains("c0") && stored.contains("c" + (WRITERS - 1)));
            assertTrue(!stored.contains("doomed"), "the failed write's first row was undone with it");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteFromWithinAWriteIsPartOfItsTransaction() {
        try (Database db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX)) {
            assertThrows(IllegalStateException.class, () -> db.write(c -> {
                insert(c, "outer");
                db.write(inner -> insert(inner, "inner"));
                throw new IllegalStateException("the outer write fails after the inner one");
            }));
            assertEquals(0, db.writeTransactions());
            assertEquals(0, (int) db.read(c -> Sql.list(c, "SELECT containerId FROM containers", r -> r.getString(1)))
                    .size(), "nothing of either is stored");
        }
    }
}
