package io.portagent.auth;

import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives a restart of the app on the same data directory: tokens (with the generated
 * secret file, and with a fixed {@code JWT_SECRET}), revocations; what a rotation with
 * {@code JWT_SECRET_PREVIOUS} keeps valid; and the refusal of a too-short secret. Each test
 * starts the WAR more than once, so each starts its own servers.
 */
class AuthRestartIT {

    private static final String SECRET_A = "rotation-secret-A-0123456789abcdef0123456789";
    private static final String SECRET_B = "rotation-secret-B-0123456789abcdef0123456789";

    @TempDir
    Path dataDir;

    /** Starts the WAR on this test's data directory with the given init-params. */
    private AppServer start(String... keyValues) {
        AppServer.Builder builder = AppServer.builder().dataDir(dataDir);
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.set(keyValues[i], keyValues[i + 1]);
        }
        return builder.start().requireStarted();
    }

    private static Tokens verifierFor(String secret) {
        return new Tokens(new TokenSecrets(TokenSecrets.key(secret, "test"), Optional.empty(), "test"),
                Clock.systemUTC());
    }

    @Test
    void withoutJwtSecretTokensSurviveARestartThroughTheSecretFile() throws Exception {
        Path file = dataDir.resolve("data/jwt.secret");
        String token;
        String secret;
        try (AppServer app = start()) {
            token = new AuthApi(app).tokenOf(newUsername("kept"), "secret123");
            secret = Files.readString(file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (AppServer app = start()) {
            assertEquals(200, new AuthApi(app).info(token).status());
            assertEquals(secret, Files.readString(file), "the file is read, not regenerated");
        }
    }

    @Test
    void withAFixedJwtSecretTokensSurviveARestartAndNoFileIsWritten() {
        String token;
        try (AppServer app = start("JWT_SECRET", SECRET_A)) {
            token = new AuthApi(app).tokenOf(newUsername("fixed"), "secret123");
        }
        try (AppServer app = start("JWT_SECRET", SECRET_A)) {
            assertEquals(200, new AuthApi(app).info(token).status());
        }
        assertFalse(Files.exists(dataDir.resolve("data/jwt.secret")));
        assertTrue(verifierFor(SECRET_A).verify(token).isPresent(), "signed with JWT_SECRET itself");
    }

    @Test
    void aRevokedTokenStaysRevokedAfterARestart() {
        String revoked;
        String kept;
        try (AppServer app = start()) {
            AuthApi api = new AuthApi(app);
            String username = newUsername("revoked");
            revoked = api.tokenOf(username, "secret123");
            kept = api.login(username, "secret123").json().getString("token");
            assertEquals(200, api.logout(revoked).status());
        }
        try (AppServer app = start()) {
            AuthApi api = new AuthApi(app);
            assertEquals(401, api.info(revoked).status());
            assertEquals(401, api.verify(revoked).status());
            assertEquals(200, api.info(kept).status());
        }
    }

    @Test
    void aJwtSecretShorterThan32BytesRefusesStartUpSayingHowToMakeOne() {
        try (AppServer app = AppServer.builder().dataDir(dataDir).set("JWT_SECRET", "changeme").start()) {
            assertFalse(app.started());
            assertEquals("Error: JWT_SECRET is too short: 8 bytes, at least 32 are needed for HS256. Generate one"
                    + " with `openssl rand -base64 32`.", app.startupError().orElseThrow());
        }
    }

    @Test
    void rotatingWithThePreviousSecretKeepsOldTokensWhileNewOnesUseTheNewSecret() {
        String username = newUsername("rotated");
        String old;
        try (AppServer app = start("JWT_SECRET", SECRET_A)) {
            old = new AuthApi(app).tokenOf(username, "secret123");
        }
        String fresh;
        try (AppServer app = start("JWT_SECRET", SECRET_B, "JWT_SECRET_PREVIOUS", SECRET_A)) {
            AuthApi api = new AuthApi(app);
            assertEquals(200, api.info(old).status(), "a token of the previous secret still works");
            assertEquals(200, api.verify(old).status());
            fresh = api.login(username, "secret123").json().getString("token");
            assertTrue(verifierFor(SECRET_B).verify(fresh).isPresent(), "new tokens are signed with JWT_SECRET");
            assertFalse(verifierFor(SECRET_A).verify(fresh).isPresent());
        }
        try (AppServer app = start("JWT_SECRET", SECRET_B)) {
            AuthApi api = new AuthApi(app);
            assertEquals(401, api.info(old).status(), "once the previous secret is dropped, its tokens stop");
            assertEquals(200, api.info(fresh).status());
        }
    }

    @Test
    void eachRotationIsAuditedOnceAndTheEntryNamesNoSecret() {
        String secretC = "rotation-secret-C-0123456789abcdef0123456789";
        start("JWT_SECRET", SECRET_A).close();
        assertEquals("0", rotations("count(*)"), "a first secret is no rotation");
        start("JWT_SECRET", SECRET_B, "JWT_SECRET_PREVIOUS", SECRET_A).close();
        start("JWT_SECRET", SECRET_B, "JWT_SECRET_PREVIOUS", SECRET_A).close();
        assertEquals("1", rotations("count(*)"), "a restart with the same secrets records nothing more");
        start("JWT_SECRET", secretC, "JWT_SECRET_PREVIOUS", SECRET_B).close();
        assertEquals("2", rotations("count(*)"));
        String details = rotations("group_concat(detail)");
        assertFalse(details.contains("rotation-secret"), details);
        assertTrue(details.contains("\"fingerprint\""), details);
    }

    private String rotations(String what) {
        return Sqlite3.run(dataDir.resolve("data/portagent.db"), "SELECT " + what
                + " FROM audit_log WHERE action = 'secret_rotated';").strip();
    }
}
