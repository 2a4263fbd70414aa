package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Sqlite3;
import io.portagent.testing.Tmpfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A write on a really full file system (a small tmpfs): named for what it is, harmless, and over once space is back. */
class DiskFullTest {

    @Test
    void aWriteOnAFullDiskFailsAsDiskFullKeepsEverythingAndWorksAgainOnceSpaceIsFreed() {
        try (Tmpfs disk = Tmpfs.mount("4m")) {
            Path file = disk.dir().resolve("agentx.db");
            ContainerRepository containers;
            try (Database db = Database.open("agentx.db", DataSources.onFile(file), Schemas.AGENTX)) {
                containers = new ContainerRepository(db);
                for (int i = 0; i < 20; i++) {
                    containers.create("c" + i, "owner" + "x".repeat(500), i);
                }
                disk.fill();

                DiskFullException full = assertThrows(DiskFullException.class,
                        () -> containers.create("late", "owner" + "y".repeat(20_000), 99));
                assertTrue(full.getMessage().contains("SQLITE_FULL"), "the real cause, not the failed rollback: "
                        + full.getMessage());
                assertEquals(disk.dir(), full.directory().orElseThrow());
                assertTrue(db.writeProblem().orElseThrow().contains(disk.dir().toString()));
                assertTrue(containers.exists("c19"), "reads still work");

                disk.free();
                containers.create("late", "owner", 99);
                assertTrue(db.writeProblem().isEmpty(), "a write that succeeds clears the warning");
            }
            assertEquals("ok", Sqlite3.run(file, "PRAGMA integrity_check"));
            assertEquals("21", Sqlite3.run(file, "SELECT count(*) FROM containers"));
        }
    }
}
