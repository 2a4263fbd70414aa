package io.portagent.auth;

import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.store.Database;
import io.portagent.store.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC keys for tokens: {@code JWT_SECRET} when set, otherwise a 256-bit secret generated
 * once into {@code data/jwt.secret} (mode 0600) and reused, so a restart signs nobody out.
 * {@code JWT_SECRET_PREVIOUS}, when set, still verifies tokens issued before a rotation.
 */
public record TokenSecrets(SecretKey current, Optional<SecretKey> previous, String origin) {

    static final int MIN_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(TokenSecrets.class);

    /**
     * On a database shared with other nodes (PostgreSQL), the secret is theirs too: a generated
     * one lives in {@code shared_secrets}, and a fixed {@code JWT_SECRET} must be the one the
     * other nodes use, or the one they used before (a rotation under way with
     * {@code JWT_SECRET_PREVIOUS}); otherwise the node refuses to start, since its tokens would
     * fail on every other node.
     */
    public static TokenSecrets resolve(Settings settings, Database users) {
        return users.dialect() == Dialect.POSTGRESQL ? SharedSecrets.resolve(settings, users) : resolve(settings);
    }

    /**
     * Makes the secret an installation generated ({@code data/jwt.secret}) the shared one of the
     * nodes on {@code users} (PostgreSQL), unless they have one already; true when it did. For
     * {@code migrate}: tokens signed before the move stay valid.
     */
    public static boolean shareGenerated(Path file, Database users) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new StartupException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new io.portagent.store.SharedSecretRepository(users).transaction(tx -> {
            if (tx.get(SharedSecrets.GENERATED).isPresent()) {
                return false;
            }
            tx.put(SharedSecrets.GENERATED, secret, System.currentTimeMillis());
            return true;
        });
    }

    public static TokenSecrets resolve(Settings settings) {
        Optional<SecretKey> previous = settings.jwtSecretPrevious().map(s -> key(s, "JWT_SECRET_PREVIOUS"));
        if (settings.jwtSecret().isPresent()) {
            return new TokenSecrets(key(settings.jwtSecret().get(), "JWT_SECRET"), previous,
                    "JWT_SECRET (" + settings.origins().get(io.portagent.config.ConfigKey.JWT_SECRET) + ")");
        }
        Path file = settings.dataDir().resolve("jwt.secret");
        LOG.warn("JWT_SECRET is not set: using the generated secret in {}. Set a fixed JWT_SECRET (e.g. `openssl rand"
                + " -base64 32`) when several instances must accept each other's tokens.", file);
        return new TokenSecrets(key(readOrCreate(file), file.toString()), previous, file.toString());
    }

    /** A random key nobody else has, for the command line, which issues and accepts no token. */
    public static TokenSecrets unused() {
        byte[] random = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(random);
        return new TokenSecrets(new SecretKeySpec(random, "HmacSHA256"), Optional.empty(), "(none: no tokens)");
    }

    /** Keys to try, newest first. */
    public List<SecretKey> verificationKeys() {
        return previous.map(p -> List.of(current, p)).orElse(List.of(current));
    }

    static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    static SecretKey key(String secret, String name) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new StartupException(name + " is too short: " + bytes.length + " bytes, at least " + MIN_BYTES
                    + " are needed for HS256. Generate one with `openssl rand -base64 32`.");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new StartupException("Cannot read or create the token secret " + file + ": " + e.getMessage()
                    + ". Check the data directory's permissions, or set JWT_SECRET.", e);
        }
    }

    private static void create(Path file) throws IOException {
        String secret = generate();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            LOG.info("Generated a new token secret in {}", file);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("Another start-up created {} first; using it", file);
        }
    }
}
