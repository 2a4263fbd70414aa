package io.portagent.store;

import java.util.List;

/** Failed sign-ins ({@code login_failures} in portagent.db) for a throttle that every node shares. */
public final class LoginFailureRepository {

    private final Database db;

    public LoginFailureRepository(Database db) {
        this.db = db;
    }

    /** The times of the key's latest failures since {@code since}, newest first, at most {@code limit}. */
    public List<Long> recent(String key, long since, int limit) {
        return db.read(c -> Sql.list(c, "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
                r -> r.getLong(1), key, since, limit));
    }

    /** Records a failure under each key, and forgets failures older than {@code forgetBefore}. */
    public void add(List<String> keys, long at, long forgetBefore) {
        db.writeRows(c -> {
            Sql.update(c, "DELETE FROM login_failures WHERE at <= ?", forgetBefore);
            for (String key : keys) {
                Sql.update(c, "INSERT INTO login_failures(key, at) VALUES (?, ?)", key, at);
            }
            return null;
        });
    }

    public void clear(String key) {
        db.writeRows(c -> Sql.update(c, "DELETE FROM login_failures WHERE key = ?", key));
    }
}
