package io.portagent.auth;

import io.portagent.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens signed out before their expiry. Kept in {@code portagent.db} (so a restart keeps them
 * revoked) and in memory (so every request checks without a query); entries leave both once
 * the token would have expired anyway.
 */
public final class Revocations {

    private final Database users;
    private final Clock clock;
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, Long> told = (id, expiry) -> { };

    public Revocations(Database users, Clock clock) {
        this.users = users;
        this.clock = clock;
        load();
    }

    public boolean isRevoked(String tokenId) {
        return revoked.containsKey(tokenId);
    }

    /** Runs after each revocation this node stored, with the token id and its expiry (to tell the other nodes). */
    public void onRevoke(java.util.function.BiConsumer<String, Long> listener) {
        this.told = listener;
    }

    /** A revocation another node stored: checked here from now on without a query. */
    public void remember(String tokenId, long expiresAtMs) {
        if (expiresAtMs >= clock.millis()) {
            revoked.put(tokenId, expiresAtMs);
        }
    }

    /** Reads the stored revocations again (after notices from other nodes may have been missed). */
    public void reload() {
        load();
    }

    public void revoke(String tokenId, String userId, long expiresAtMs) {
        long now = clock.millis();
        users.writeRows(c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM revoked_tokens WHERE expiresAt < ?");
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO revoked_tokens(tokenId, userId, expiresAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                purge.setLong(1, now);
                purge.executeUpdate();
                insert.setString(1, tokenId);
                insert.setString(2, userId);
                insert.setLong(3, expiresAtMs);
                return insert.executeUpdate();
            }
        });
        revoked.put(tokenId, expiresAtMs);
        revoked.values().removeIf(expiry -> expiry < now);
        told.accept(tokenId, expiresAtMs);
    }

    private void load() {
        long now = clock.millis();
        users.read(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT tokenId, expiresAt FROM revoked_tokens WHERE expiresAt >= ?")) {
                query.setLong(1, now);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        revoked.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return null;
        });
    }
}
