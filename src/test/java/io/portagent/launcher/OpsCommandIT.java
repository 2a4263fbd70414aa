package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.store.Schemas;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.Sqlite3;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar portagent.war backup | restore | diagnose} against a real data directory and service. */
class OpsCommandIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final String KEY = "sk-ant-api03-ops-command-test-key";

    @TempDir
    Path work;

    private static void register(URI base, String username) {
        Http.Reply reply = Http.send(HttpRequest.newBuilder(base.resolve("/api/auth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"secret123\"}")));
        assertEquals(201, reply.status(), reply.body());
    }

    private LauncherProcess command(String... args) {
        return LauncherProcess.start(work, Map.of(), args);
    }

    @Test
    void anOnlineBackupRestoresOnlyWithTheServiceStoppedAndBringsTheDataBack() throws Exception {
        Path dir = work.resolve("pa");
        Path backups = work.resolve("backups");
        try (LauncherProcess service = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "--port", "0",
                "--data-dir", dir.toString())) {
            URI base = service.awaitListening(START);
            register(base, "before_backup");
            try (LauncherProcess backup = command("backup", "--data-dir", dir.toString(), "--out", backups.toString())) {
                assertEquals(0, backup.awaitExit(QUICK), backup.stderr());
                assertTrue(backup.stdout().startsWith("Backed up portagent.db and agentx.db of " + dir), backup.stdout());
            }
            assertEquals("before_backup", Sqlite3.run(backups.resolve("portagent-backup.db"), "SELECT username FROM users;"));
            assertEquals("ok", Sqlite3.run(backups.resolve("agentx-backup.db"), "PRAGMA integrity_check;"));
            register(base, "after_backup");

            try (LauncherProcess refused = command("restore", "--data-dir", dir.toString(), "--from",
                    backups.toString())) {
                assertEquals(1, refused.awaitExit(QUICK));
                assertTrue(refused.stderr().startsWith("Error: Portagent is running on " + dir), refused.stderr());
            }
            assertEquals(143, service.terminate(QUICK));
        }
        try (LauncherProcess restore = command("restore", "--data-dir", dir.toString(), "--from", backups.toString())) {
            assertEquals(0, restore.awaitExit(QUICK), restore.stderr());
        }
        assertEquals("before_backup", Sqlite3.run(dir.resolve("data/portagent.db"), "SELECT username FROM users;"));
        try (Stream<Path> kept = Files.list(dir.resolve("data"))) {
            assertTrue(kept.anyMatch(p -> p.getFileName().toString().startsWith("portagent.db.before-restore-")),
                    "the replaced files are kept");
        }
        try (LauncherProcess again = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "--port", "0",
                "--data-dir", dir.toString())) {
            again.awaitListening(START);
        }
    }

    @Test
    void backupKeepsTheNewestSetsOnly() throws Exception {
        Path dir = work.resolve("pa");
        try (LauncherProcess service = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "--port", "0",
                "--data-dir", dir.toString())) {
            service.awaitListening(START);
        }
        Path backups = work.resolve("backups");
        for (int i = 0; i < 3; i++) {
            try (LauncherProcess backup = command("backup", "-d", dir.toString(), "--out", backups.toString(),
                    "--keep", "2")) {
                assertEquals(0, backup.awaitExit(QUICK), backup.stderr());
            }
        }
        try (Stream<Path> files = Files.list(backups)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().matches("portagent-backup-.+\\.db")).count());
        }
    }

    @Test
    void diagnoseReportsTheInstanceDatabasesAndMaskedConfiguration() {
        Path dir = work.resolve("pa");
        try (LauncherProcess service = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "--port", "0",
                "--data-dir", dir.toString())) {
            URI base = service.awaitListening(START);
            register(base, "diagnosed");
            try (LauncherProcess diagnose = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "diagnose",
                    "--data-dir", dir.toString())) {
                assertEquals(0, diagnose.awaitExit(QUICK), diagnose.stderr());
                String report = diagnose.stdout();
                assertTrue(report.contains("Version:    portagent " + System.getProperty("portagent.version")), report);
                assertTrue(report.contains("Instance:   running: pid " + service.pid()), report);
                assertTrue(report.contains("portagent.db: "), report);
                assertTrue(report.contains("integrity ok, users 1"), report);
                assertTrue(report.contains("schema " + Schemas.AGENTX.latestVersion() + " (current)"), report);
                assertTrue(report.contains("LLM_PROVIDER_KEY       sk-ant-api03-op...  (environment)"), report);
                assertFalse(report.contains(KEY), "the key is masked");
            }
        }
    }

    /** diagnose runs in the application's own classes, loaded from the WAR: its usage errors are the launcher's. */
    @Test
    void diagnoseWithAnUnknownOptionIsAUsageError() {
        try (LauncherProcess diagnose = command("diagnose", "--no-such-option")) {
            assertEquals(2, diagnose.awaitExit(QUICK));
            assertTrue(diagnose.stderr().startsWith("Error: Unknown option --no-such-option"), diagnose.stderr());
        }
    }

    @Test
    void backupWithoutOutIsAUsageError() {
        try (LauncherProcess backup = command("backup", "--data-dir", work.toString())) {
            assertEquals(2, backup.awaitExit(QUICK));
            assertTrue(backup.stderr().startsWith("Error: --out is required"), backup.stderr());
        }
    }
}
