package io.portagent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Personal API keys ({@code api_keys} in {@code portagent.db}), found by the hash of the key. */
public final class ApiKeyRepository {

    private static final String COLUMNS = "keyId, userId, name, keyHash, prefix, createdAt, expiresAt, lastUsedAt";
    private static final Sql.Row<ApiKeyRecord> ROW = r -> new ApiKeyRecord(r.getString(1), r.getString(2),
            r.getString(3), r.getString(4), r.getString(5), r.getLong(6), optional(r, 7), optional(r, 8));

    private final Database db;

    public ApiKeyRepository(Database db) {
        this.db = db;
    }

    private static Long optional(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /**
     * Stores the key if its owner holds fewer than {@code limit} keys that have not expired at
     * {@code now}: the count and the insert are one transaction. False when the limit is reached.
     */
    public boolean insertWithin(ApiKeyRecord key, int limit, long now) {
        return db.write(c -> {
            long held = Sql.one(c, "SELECT count(*) FROM api_keys WHERE userId = ? AND (expiresAt IS NULL"
                    + " OR expiresAt > ?)", r -> r.getLong(1), key.userId(), now).orElse(0L);
            if (held >= limit) {
                return false;
            }
            Sql.update(c, "INSERT INTO api_keys(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", key.keyId(),
                    key.userId(), key.name(), key.keyHash(), key.prefix(), key.createdAt(), key.expiresAt(),
                    key.lastUsedAt());
            return true;
        });
    }

    /** The user's keys, newest first. */
    public List<ApiKeyRecord> ofUser(String userId) {
        return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM api_keys WHERE userId = ?"
                + " ORDER BY createdAt DESC, keyId", ROW, userId));
    }

    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM api_keys WHERE keyHash = ?", ROW, keyHash));
    }

    /** Deletes the key if {@code userId} owns it; false when there is no such key of theirs. */
    public boolean delete(String userId, String keyId) {
        return db.write(c -> Sql.update(c, "DELETE FROM api_keys WHERE keyId = ? AND userId = ?", keyId, userId)) == 1;
    }

    /** Records a use, at most once per {@code interval} ms a key, so that busy keys do not write on every call. */
    public void touch(String keyId, long now, long interval) {
        db.writeRows(c -> Sql.update(c, "UPDATE api_keys SET lastUsedAt = ? WHERE keyId = ? AND (lastUsedAt IS NULL"
                + " OR lastUsedAt < ?)", now, keyId, now - interval));
    }
}
