package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.StartupException;
import io.portagent.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    private Database open(Path file) {
        return Database.open(file.getFileName().toString(), DataSources.onFile(file), Schemas.AGENTX);
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    @Test
    void opensInWalModeWithForeignKeysOnAndTheLatestSchema() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            assertEquals("wal", db.read(c -> text(c, "PRAGMA journal_mode")));
            assertEquals("1", db.read(c -> text(c, "PRAGMA foreign_keys")));
            assertEquals(String.valueOf(Schemas.AGENTX.latestVersion()), db.read(c -> text(c, "PRAGMA user_version")));
            assertEquals("5000", db.read(c -> text(c, "PRAGMA busy_timeout")));
        }
    }

    @Test
    void readsTogetherSeeOneSnapshotAndGiveTheirConnectionBack() throws Exception {
        try (Database db = open(dir.resolve("agentx.db"))) {
            ContainerRepository containers = new ContainerRepository(db);
            containers.create("user-1", "u1", 1);
            String count = "SELECT count(*) FROM containers";
            List<String> seen = db.readTogether(() -> {
                List<String> counts = new ArrayList<>();
                counts.add(db.read(c -> text(c, count)));
                Thread other = new Thread(() -> containers.create("user-2", "u2", 2)); // committed meanwhile
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                counts.add(db.read(c -> text(c, count)));
                counts.add(db.readConsistent(c -> text(c, count)));
                counts.add(db.readTogether(() -> db.read(c -> text(c, count))));
                return counts;
            });
            assertEquals(List.of("1", "1", "1", "1"), seen, "one snapshot for the task's reads");
            assertEquals("2", db.read(c -> text(c, count)), "the next read sees the commit");
            for (int i = 0; i < 50; i++) { // more than the readers there are: each task gives its own back
                assertEquals("2", db.readTogether(() -> db.read(c -> text(c, count))));
            }
            assertThrows(StoreException.class, () -> db.readTogether(() -> db.read(c -> text(c, "SELECT nothing"))));
            assertEquals("2", db.read(c -> text(c, count)), "a failed task leaves no transaction open");
        }
    }

    @Test
    void anInsertRunsNoQueryForGeneratedKeysThatNothingReads() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            boolean keys = db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO containers(containerId, ownerId, createdAt, updatedAt)"
                            + " VALUES ('user-1', 'u1', 1, 1)");
                    try (ResultSet generated = s.getGeneratedKeys()) {
                        return generated.next();
                    }
                }
            });
            assertFalse(keys, "the driver read the inserted row's key back");
        }
    }

    @Test
    void writeTransactionsCountsCommitsButNotRollbacksOrReads() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            assertEquals(0, db.writeTransactions());
            db.write(c -> c.createStatement().executeUpdate(
                    "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES ('user-1', 'u1', 1, 1)"));
            assertThrows(StoreException.class, () -> db.write(c -> c.createStatement().executeUpdate(
                    "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES ('user-1', 'u1', 1, 1)")));
            db.read(c -> text(c, "SELECT containerId FROM containers"));
            assertEquals(1, db.writeTransactions());
        }
    }

    @Test
    void migrationsRunOnceAndReopeningKeepsTheData() {
        Path file = dir.resolve("agentx.db");
        try (Database db = open(file)) {
            db.write(c -> c.createStatement().executeUpdate(
                    "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES ('user-1', 'u1', 1, 1)"));
        }
        try (Database db = open(file)) {
            assertEquals("user-1", db.read(c -> text(c, "SELECT containerId FROM containers")));
        }
    }

    @Test
    void aFailedWriteRollsBackEverythingItDid() {
        try (Database db = open(dir.resolve("agentx.db"))) {
            assertThrows(StoreException.class, () -> db.write(c -> {
                c.createStatement().executeUpdate(
                        "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES ('a', 'u', 1, 1)");
                return c.createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }));
            assertEquals("0", db.read(c -> text(c, "SELECT count(*) FROM containers")));
        }
    }

    @Test
    void manyConcurrentWritersAndReadersNeverMeetABusyDatabase() throws Exception {
        try (Database db = open(dir.resolve("agentx.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> n % 2 == 0
                        ? db.write(c -> insert(c, "c" + n))
                        : db.read(c -> text(c, "SELECT count(*) FROM containers"))));
            }
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals("200", db.read(c -> text(c, "SELECT count(*) FROM containers")));
        }
    }

    private static int insert(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES (?, 'u', 1, 1)")) {
            s.setString(1, id);
            return s.executeUpdate();
        }
    }

    @Test
    void aFileThatIsNotADatabaseStopsStartUpWithTheRecoverySteps() throws Exception {
        Path file = dir.resolve("portagent.db");
        Files.write(file, "this is not a database, just some text that is long enough to matter".repeat(100)
                .getBytes());
        StartupException e = assertThrows(StartupException.class, () -> open(file));
        assertTrue(e.getMessage().startsWith("Database " + file + " is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("sqlite3 " + file + " .recover | sqlite3 "), e.getMessage());
        Path dataDir = file.toAbsolutePath().getParent().getParent();
        assertTrue(e.getMessage().contains("restore --data-dir " + dataDir), e.getMessage());
        assertTrue(e.getMessage().contains("restore your latest backup"), e.getMessage());
    }

    @Test
    void aDatabaseFromANewerVersionIsRefused() throws Exception {
        Path file = dir.resolve("agentx.db");
        try (Database db = open(file)) {
            // what a newer Portagent's Flyway leaves behind
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO agentx_schema_history(installed_rank, version,"
                    + " description, type, script, installed_by, execution_time, success) VALUES (99, '99', 'future',"
                    + " 'SQL', 'V99__future.sql', 'test', 1, 1)"));
        }
        StartupException e = assertThrows(StartupException.class, () -> open(file));
        assertTrue(e.getMessage().contains("schema version 99, newer than this Portagent knows"), e.getMessage());
    }

    @Test
    void aFileFromBeforeFlywayIsTakenAtItsUserVersionAndBroughtUpToDate() throws Exception {
        Path file = dir.resolve("agentx.db");
        // the schema as the hand-written runner of earlier versions left it: version 5 in user_version
        for (String migration : Schemas.AGENTX.files(Dialect.SQLITE).subList(0, 5)) {
            try (var in = Schema.class.getClassLoader().getResourceAsStream(migration)) {
                Sqlite3.run(file, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll("(?m)^--.*\n", ""));
            }
        }
        Sqlite3.run(file, "INSERT INTO containers VALUES ('c1', 'u1', 1, 1); PRAGMA user_version = 5;");
        try (Database db = open(file)) {
            assertEquals("c1", db.read(c -> text(c, "SELECT containerId FROM containers")), "the data stays");
            assertEquals("0", db.read(c -> text(c, "SELECT count(*) FROM nodes")), "version 6 was applied");
            List<String> expected = new java.util.ArrayList<>(List.of("5"));
            Schemas.AGENTX.files(Dialect.SQLITE).stream().skip(5).map(f -> f.replaceAll(".*/V(\\d+)__.*", "$1"))
                    .forEach(expected::add);
            assertEquals(expected, Schemas.AGENTX.applied(db.source().dataSource(), Dialect.SQLITE),
                    "the baseline at 5, then every later version");
        }
        assertEquals(String.valueOf(Schemas.AGENTX.latestVersion()), Sqlite3.run(file, "PRAGMA user_version;"));
    }

    @Test
    void closingCheckpointsTheWalIntoTheMainFile() throws Exception {
        Path file = dir.resolve("agentx.db");
        try (Database db = open(file)) {
            db.write(c -> insert(c, "x"));
        }
        Path wal = dir.resolve("agentx.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "WAL left behind");
    }
}
