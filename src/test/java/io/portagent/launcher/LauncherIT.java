package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.Sqlite3;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar portagent.war} as operators run it: flags, env files, operator errors, shutdown. */
class LauncherIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Map<String, String> KEY = Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-launcher-test-key");

    @TempDir
    Path work;

    @Test
    void versionPrintsThePomVersion() {
        try (LauncherProcess p = LauncherProcess.start(work, Map.of(), "--version")) {
            assertEquals(0, p.awaitExit(QUICK));
            assertEquals("portagent " + System.getProperty("portagent.version"), p.stdout().strip());
        }
    }

    @Test
    void helpListsTheOptionsWithoutNeedingAKey() {
        try (LauncherProcess p = LauncherProcess.start(work, Map.of(), "-h")) {
            assertEquals(0, p.awaitExit(QUICK));
            assertTrue(p.stdout().contains("-p, --port <value>"), p.stdout());
            assertTrue(p.stdout().contains("--invite-code-required"), p.stdout());
        }
    }

    @Test
    void withoutAKeyItExitsWithTheExactError() {
        try (LauncherProcess p = LauncherProcess.start(work, Map.of(), "--port", "0")) {
            assertEquals(1, p.awaitExit(QUICK));
            assertTrue(p.stderr().startsWith("Error: LLM_PROVIDER_KEY is required\n"), p.stderr());
            assertTrue(p.stderr().contains("--api-key"), p.stderr());
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        try (LauncherProcess p = LauncherProcess.start(work, KEY, "--prot", "5201")) {
            assertEquals(2, p.awaitExit(QUICK));
            assertEquals("Error: Unknown option --prot. Run with --help to see the options.", p.stderr().strip());
        }
    }

    @Test
    void aBadPortNamesTheKeyAndTheValue() {
        try (LauncherProcess p = LauncherProcess.start(work, KEY, "--port", "abc")) {
            assertEquals(1, p.awaitExit(QUICK));
            assertEquals("Error: Invalid value for PORT: 'abc' (from command line). Expected a port number from 0 to"
                    + " 65535.", p.stderr().strip());
        }
    }

    @Test
    void aPortInUseIsNamedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0);
             LauncherProcess p = LauncherProcess.start(work, KEY, "--port", String.valueOf(taken.getLocalPort()),
                     "--data-dir", work.resolve("data").toString())) {
            assertEquals(1, p.awaitExit(QUICK));
            int port = taken.getLocalPort();
            assertTrue(p.stderr().startsWith("Error: Port " + port + " is already in use"), p.stderr());
            assertTrue(p.stderr().contains("--port " + (port + 1)), p.stderr());
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsNamedWithTheUserAndTheFix() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-dir"), "x");
        Path dir = file.resolve("agentx");
        try (LauncherProcess p = LauncherProcess.start(work, KEY, "--port", "0", "--data-dir", dir.toString())) {
            assertEquals(1, p.awaitExit(START));
            String user = System.getProperty("user.name");
            assertTrue(p.stderr().contains("Error: Data directory " + dir + " cannot be created or written by OS user '"
                    + user + "'"), p.stderr());
            assertTrue(p.stderr().contains("chown -R " + user), p.stderr());
        }
    }

    @Test
    void servesHealthCreatesTheDatabasesRefusesASecondInstanceAndStopsCleanly() throws Exception {
        Path dir = work.resolve("pa");
        try (LauncherProcess p = LauncherProcess.start(work, KEY, "--port", "0", "--data-dir", dir.toString())) {
            URI base = p.awaitListening(START);
            assertEquals(200, Http.get(base.resolve("/health")).status());
            assertTrue(p.stdout().contains("Data dir:       " + dir), p.stdout());
            assertTrue(p.stdout().contains("API key:        sk-ant-api03-la...  (environment)"), p.stdout());
            assertFalse(p.stdout().contains("sk-ant-api03-launcher-test-key"));
            assertTrue(Sqlite3.run(dir.resolve("data/portagent.db"), ".tables").contains("users"));

            try (LauncherProcess second = LauncherProcess.start(work, KEY, "--port", "0", "--data-dir",
                    dir.toString())) {
                assertEquals(1, second.awaitExit(START));
                assertTrue(second.stderr().contains("Error: Another Portagent instance is already using the data"
                        + " directory " + dir + " (pid " + p.pid()), second.stderr());
            }

            assertEquals(143, p.terminate(QUICK), "SIGTERM ends the JVM with 128+15 after the hooks ran");
            assertTrue(p.stdout().contains("Portagent stopped; databases checkpointed and closed"), p.stdout());
            Path wal = dir.resolve("data/portagent.db-wal");
            assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "WAL folded back into the database");
        }
    }

    @Test
    void settingsComeFromFlagsEnvironmentAndEnvFilesInThatOrder() throws Exception {
        Files.writeString(work.resolve(".env"), "LLM_PROVIDER_KEY=sk-ant-from-dotenv-000000\n"
                + "INVITE_CODE_REQUIRED=true\nLLM_PROVIDER_MODEL=model-from-dotenv\n");
        Files.writeString(work.resolve(".env.local"), "LLM_PROVIDER_MODEL=model-from-dotenv-local\n");
        Files.writeString(work.resolve("site.env"), "LLM_PROVIDER_MODEL=model-from-env-file\n");
        Map<String, String> env = Map.of("AGENTX_DIR", work.resolve("pa").toString());
        try (LauncherProcess p = LauncherProcess.start(work, env, "--port", "0", "-e", "site.env")) {
            URI base = p.awaitListening(START);
            assertTrue(Http.get(base.resolve("/api/auth/config")).json().getBoolean("inviteCodeRequired"));
            assertTrue(p.stdout().contains("Model:          model-from-env-file"), p.stdout());
            assertTrue(p.stdout().contains("(" + work.resolve(".env") + ")"), "key origin is .env: " + p.stdout());
            assertTrue(p.stdout().contains("Data dir:       " + work.resolve("pa")), p.stdout());
        }
    }
}
