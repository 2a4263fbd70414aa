package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Sqlite3;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diagnose's look at a database file: read-only, with the schema version against this Portagent's. */
class DatabaseReportTest {

    @TempDir
    Path dir;

    @Test
    void aCurrentDatabaseShowsItsIntegrityCountsAndSchema() {
        Path file = dir.resolve("agentx.db");
        Database.open("agentx.db", DataSources.onFile(file), Schemas.AGENTX).close();
        String report = DatabaseReport.of(file, Schemas.AGENTX, List.of("images", "turns"));
        assertTrue(report.endsWith("integrity ok, images 0, turns 0, schema " + Schemas.AGENTX.latestVersion()
                + " (current)"), report);
    }

    @Test
    void aDatabaseOfAnOlderPortagentSaysItsMigrationIsPendingAndIsNotMigrated() {
        Path file = dir.resolve("agentx.db");
        Database.open("agentx.db", DataSources.onFile(file), Schemas.AGENTX).close();
        Sqlite3.run(file, "PRAGMA user_version = 2;");
        String report = DatabaseReport.of(file, Schemas.AGENTX, List.of());
        assertTrue(report.endsWith("schema 2 (this Portagent: " + Schemas.AGENTX.latestVersion()
                + ", applied at its next start)"), report);
        assertEquals("2", Sqlite3.run(file, "PRAGMA user_version;"), "a report changes nothing");
    }

    @Test
    void aMissingFileIsSaidSo() {
        assertEquals("missing (" + dir.resolve("nope.db") + ")", DatabaseReport.of(dir.resolve("nope.db"),
                Schemas.PORTAGENT, List.of("users")));
    }
}
