package io.portagent.auth;

import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.store.Database;
import io.portagent.store.SharedSecretRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token secret of nodes that share a database ({@link TokenSecrets#resolve(Settings, Database)}).
 * Only fingerprints (SHA-256) of fixed secrets are stored, never the secrets; a generated secret
 * is stored itself, since every node must sign with it.
 */
final class SharedSecrets {

    static final String GENERATED = "jwt.generated";
    static final String CURRENT = "jwt.current";
    static final String PREVIOUS = "jwt.previous";
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecrets.class);

    private SharedSecrets() {
    }

    static TokenSecrets resolve(Settings settings, Database users) {
        SharedSecretRepository shared = new SharedSecretRepository(users);
        Optional<SecretKey> previous = settings.jwtSecretPrevious().map(s -> TokenSecrets.key(s, "JWT_SECRET_PREVIOUS"));
        long now = System.currentTimeMillis();
        if (settings.jwtSecret().isEmpty()) {
            String secret = shared.transaction(tx -> {
                Optional<String> stored = tx.get(GENERATED);
                if (stored.isPresent()) {
                    return stored.get();
                }
                String created = TokenSecrets.generate();
                tx.put(GENERATED, created, now);
                LOG.info("Generated a new token secret, stored in the shared database for every node");
                return created;
            });
            return new TokenSecrets(TokenSecrets.key(secret, "the shared generated secret"), previous,
                    "generated, shared by the nodes in portagent.db");
        }
        String fixed = settings.jwtSecret().get();
        SecretKey key = TokenSecrets.key(fixed, "JWT_SECRET");
        String mine = fingerprint(fixed);
        Optional<String> before = settings.jwtSecretPrevious().map(SharedSecrets::fingerprint);
        shared.transaction(tx -> {
            Optional<String> current = tx.get(CURRENT);
            Optional<String> old = tx.get(PREVIOUS);
            if (current.isEmpty() || current.get().equals(mine)) {
                tx.put(CURRENT, mine, now);
                before.ifPresent(b -> put(tx, PREVIOUS, b, now));
            } else if (before.isPresent() && before.get().equals(current.get())) {
                tx.put(PREVIOUS, current.get(), now); // this node brings the rotation: the others' secret becomes the previous one
                tx.put(CURRENT, mine, now);
                LOG.info("JWT_SECRET rotated for all nodes: tokens of the previous secret stay valid where"
                        + " JWT_SECRET_PREVIOUS is set");
            } else if (old.isEmpty() || !old.get().equals(mine)) {
                throw new StartupException("JWT_SECRET of this node is neither the current nor the previous secret of"
                        + " the other nodes on this database: its tokens would be refused there, and theirs here."
                        + " Set the same JWT_SECRET on every node; to rotate, set the new JWT_SECRET with"
                        + " JWT_SECRET_PREVIOUS=<the old one> (docs/authentication.md).");
            }
            return null;
        });
        return new TokenSecrets(key, previous, "JWT_SECRET (" + settings.origins().get(io.portagent.config.ConfigKey.JWT_SECRET)
                + "), checked against the other nodes");
    }

    private static void put(SharedSecretRepository.Tx tx, String name, String value, long now) {
        try {
            tx.put(name, value, now);
        } catch (java.sql.SQLException e) {
            throw new io.portagent.store.StoreException("shared_secrets: " + e.getMessage(), e);
        }
    }

    static String fingerprint(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("portagent-jwt:" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
