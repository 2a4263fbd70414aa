package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the token keys come from: {@code JWT_SECRET} (at least 32 bytes, or start-up stops with
 * how to make one), else a secret generated once into {@code data/jwt.secret} with mode 0600 and
 * read again on the next start, so a restart keeps everyone signed in.
 */
class TokenSecretsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef"; // exactly 32 bytes

    @TempDir
    Path agentxDir;

    private Settings settings(String... keyValues) throws IOException {
        Files.createDirectories(agentxDir.resolve("data")); // start-up prepares it before the secret
        Map<String, String> values = new HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-test-0123456789",
                "AGENTX_DIR", agentxDir.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("context init-param", values)),
                Map.of(), agentxDir));
    }

    @Test
    void aJwtSecretShorterThan32BytesStopsStartUpSayingHowToMakeOne() throws IOException {
        Settings settings = settings("JWT_SECRET", "too-short-secret");
        StartupException e = assertThrows(StartupException.class, () -> TokenSecrets.resolve(settings));
        assertEquals("Error: JWT_SECRET is too short: 16 bytes, at least 32 are needed for HS256. Generate one with"
                + " `openssl rand -base64 32`.", e.display());
        assertFalse(Files.exists(agentxDir.resolve("data/jwt.secret")));
    }

    @Test
    void aShortPreviousSecretIsRefusedToo() throws IOException {
        Settings settings = settings("JWT_SECRET", SECRET, "JWT_SECRET_PREVIOUS", "old");
        StartupException e = assertThrows(StartupException.class, () -> TokenSecrets.resolve(settings));
        assertTrue(e.getMessage().startsWith("JWT_SECRET_PREVIOUS is too short: 3 bytes"), e.getMessage());
    }

    @Test
    void theLengthIsCountedInUtf8Bytes() throws IOException {
        String elevenEuros = "\u20ac".repeat(11); // 11 characters, 33 bytes
        assertEquals(33, TokenSecrets.resolve(settings("JWT_SECRET", elevenEuros)).current().getEncoded().length);
    }

    @Test
    void aSetJwtSecretIsUsedAsIsAndNoFileIsWritten() throws IOException {
        TokenSecrets secrets = TokenSecrets.resolve(settings("JWT_SECRET", SECRET, "JWT_SECRET_PREVIOUS", SECRET + "-old"));
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), secrets.current().getEncoded());
        assertEquals("HmacSHA256", secrets.current().getAlgorithm());
        assertEquals(2, secrets.verificationKeys().size());
        assertEquals(secrets.current(), secrets.verificationKeys().get(0));
        assertEquals("JWT_SECRET (context init-param)", secrets.origin());
        assertFalse(Files.exists(agentxDir.resolve("data/jwt.secret")));
    }

    @Test
    void withoutJwtSecretA256BitSecretIsGeneratedIntoAFileOnlyTheOwnerCanRead() throws IOException {
        TokenSecrets secrets = TokenSecrets.resolve(settings());
        Path file = agentxDir.resolve("data/jwt.secret");
        assertEquals(file.toString(), secrets.origin());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String stored = Files.readString(file).strip();
        assertEquals(32, Base64.getDecoder().decode(stored).length);
        assertArrayEquals(stored.getBytes(StandardCharsets.UTF_8), secrets.current().getEncoded());
        assertTrue(secrets.previous().isEmpty());
    }

    @Test
    void aSecondStartReadsTheSameSecretSoTokensStayValid() throws IOException {
        TokenSecrets first = TokenSecrets.resolve(settings());
        TokenSecrets second = TokenSecrets.resolve(settings());
        assertArrayEquals(first.current().getEncoded(), second.current().getEncoded());
        String token = new Tokens(first, Clock.systemUTC()).issue("user-1", Set.of(Roles.USER)).token();
        assertTrue(new Tokens(second, Clock.systemUTC()).verify(token).isPresent());
    }

    @Test
    void anExistingSecretFileIsUsedWithoutItsTrailingNewline() throws IOException {
        Path file = Files.createDirectories(agentxDir.resolve("data")).resolve("jwt.secret");
        Files.writeString(file, SECRET + "\n");
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8),
                TokenSecrets.resolve(settings()).current().getEncoded());
    }

    @Test
    void aSecretFileEmptiedByHandStopsStartUpNamingTheFile() throws IOException {
        Path file = Files.createDirectories(agentxDir.resolve("data")).resolve("jwt.secret");
        Files.writeString(file, "\n");
        Settings settings = settings();
        StartupException e = assertThrows(StartupException.class, () -> TokenSecrets.resolve(settings));
        assertTrue(e.getMessage().startsWith(file + " is too short: 0 bytes"), e.getMessage());
    }
}
