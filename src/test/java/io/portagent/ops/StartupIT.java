package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the WAR starts, refuses to start, and restarts under an app server (here, an embedded Tomcat
 * 11). Start-up is what each test examines, so each starts its own server rather than sharing one.
 */
class StartupIT {

    @TempDir
    Path dir;

    @Test
    void withoutAnApiKeyTheDeploymentFailsWithTheExactError() {
        try (AppServer app = AppServer.builder().without("LLM_PROVIDER_KEY").dataDir(dir).start()) {
            assertFalse(app.started());
            assertTrue(app.startupError().orElseThrow().startsWith("Error: LLM_PROVIDER_KEY is required"));
        }
    }

    @Test
    void aValueThatDoesNotParseNamesTheKeyAndTheValue() {
        try (AppServer app = AppServer.builder().set("LOG_LEVEL", "loud").start()) {
            assertFalse(app.started());
            assertEquals("Error: Invalid value for LOG_LEVEL: 'loud' (from context init-param). Expected debug, info,"
                    + " warn or error.", app.startupError().orElseThrow());
        }
    }

    @Test
    void jndiEntriesOverrideInitParams() {
        try (AppServer app = AppServer.builder().set("INVITE_CODE_REQUIRED", "false")
                .jndi("INVITE_CODE_REQUIRED", "true").start()) {
            app.requireStarted();
            assertTrue(Http.get(app.uri("api/auth/config")).json().getBoolean("inviteCodeRequired"));
        }
    }

    @Test
    void aCorruptDatabaseStopsStartUpNamingTheFileAndTheRecovery() throws Exception {
        Path db = Files.createDirectories(dir.resolve("data")).resolve("portagent.db");
        Files.writeString(db, "garbage, not SQLite ".repeat(500));
        try (AppServer app = AppServer.builder().dataDir(dir).start()) {
            assertFalse(app.started());
            String error = app.startupError().orElseThrow();
            assertTrue(error.startsWith("Error: Database " + db + " is corrupt"), error);
            assertTrue(error.contains(" restore --data-dir "), error);
            assertTrue(error.contains(" .recover | sqlite3 "), error);
        }
    }

    @Test
    void aSecondDeploymentOnTheSameDataDirectoryIsRefusedUntilTheFirstStops() throws Exception {
        try (AppServer first = AppServer.builder().dataDir(dir).start()) {
            assertTrue(first.started());
            String error = first.deployAlso("/copy").orElseThrow();
            assertTrue(error.startsWith("Error: Another Portagent instance is already using the data directory "
                    + dir), error);
            first.redeploy();
            assertEquals(200, Http.get(first.uri("health")).status(), "a redeploy releases and re-takes the lock");
        }
        try (AppServer again = AppServer.builder().dataDir(dir).start()) {
            assertTrue(again.started(), "the lock is released when the context stops");
        }
    }

    @Test
    void servesUnderAContextPath() {
        try (AppServer app = AppServer.builder().contextPath("/portagent").start()) {
            assertEquals("http", app.baseUri().getScheme());
            assertTrue(app.baseUri().getPath().equals("/portagent/"));
            assertEquals(200, Http.get(app.uri("health")).status());
            assertEquals(200, Http.get(app.uri("api/auth/config")).status());
        }
    }
}
