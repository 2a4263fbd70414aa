package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.Sqlite3;
import java.io.IOException;
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
    void aPortInUseIsNamedWithAFreePortAsTheFix() throws Exception {
        ServerSocket[] taken = twoConsecutivePorts();
        int port = taken[0].getLocalPort();
        try (ServerSocket first = taken[0]; ServerSocket second = taken[1];
             LauncherProcess p = LauncherProcess.start(work, KEY, "--port", String.valueOf(port),
                     "--data-dir", work.resolve("data").toString())) {
            assertEquals(1, p.awaitExit(QUICK));
            assertTrue(p.stderr().startsWith("Error: Port " + port + " is already in use"), p.stderr());
            java.util.regex.Matcher suggested = java.util.regex.Pattern.compile("--port (\\d+)").matcher(p.stderr());
            assertTrue(suggested.find(), p.stderr());
            int free = Integer.parseInt(suggested.group(1));
            assertTrue(free > port + 1, "the next port is taken too, so it is not suggested: " + p.stderr());
        }
    }

    /** Two listening sockets on ports n and n+1 (retried until such a pair is free). */
    private static ServerSocket[] twoConsecutivePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket first = new ServerSocket(0);
            try {
                return new ServerSocket[] {first, new ServerSocket(first.getLocalPort() + 1)};
            } catch (IOException e) {
                first.close();
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
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
    void classArchiveWritesAnArchiveThatTheNextStartMaps() throws Exception {
        Path archive = work.resolve("archive/portagent.jsa");
        try (LauncherProcess p = LauncherProcess.start(work, Map.of(), "class-archive", archive.toString())) {
            assertEquals(0, p.awaitExit(START), p.stdout() + p.stderr());
            assertTrue(p.stdout().contains("Wrote " + archive), p.stdout());
            assertTrue(Files.size(archive) > 0);
        }
        Path classes = work.resolve("classes.log");
        try (LauncherProcess p = LauncherProcess.start(work, KEY, java.util.List.of("-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load:file=" + classes), "--port", "0", "--data-dir", work.resolve("pa").toString())) {
            URI base = p.awaitListening(START);
            assertEquals(200, Http.get(base.resolve("/health")).status());
            assertFalse(p.stdout().contains("[warning][cds"), p.stdout());
            String loaded = Files.readString(classes);
            assertTrue(loaded.contains("io.portagent.app.Lifecycle source: shared objects file (top)"),
                    "the application's classes come from the archive");
            assertTrue(loaded.contains("org.apache.catalina.startup.Tomcat source: shared objects file (top)"),
                    "and Tomcat's");
        }
    }

    @Test
    void classArchiveNeedsTheFileToWrite() {
        try (LauncherProcess p = LauncherProcess.start(work, Map.of(), "class-archive")) {
            assertEquals(2, p.awaitExit(QUICK));
            assertTrue(p.stderr().startsWith("Error: class-archive takes one argument"), p.stderr());
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
            assertTrue(p.stdout().contains("Models:         model-from-env-file"), p.stdout());
            assertTrue(p.stdout().contains("(" + work.resolve(".env") + ")"), "key origin is .env: " + p.stdout());
            assertTrue(p.stdout().contains("Data dir:       " + work.resolve("pa")), p.stdout());
        }
    }
}
