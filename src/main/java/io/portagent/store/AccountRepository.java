package io.portagent.store;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts in {@code portagent.db}: the users with their state and roles, read one by one or a
 * page at a time, and changed in one transaction at a time ({@link #transaction}).
 */
public final class AccountRepository {

    /** What a page of users can be sorted by, with its column. */
    public enum Sort {
        USERNAME("lower(u.username)"), LAST_LOGIN_AT("coalesce(s.lastLoginAt, 0)"), CREATED_AT("u.createdAt");

        private final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /** One page of accounts, and how many match in all. */
    public record Page(List<AccountRecord> accounts, int total) {
    }

    /** A group an account is in. */
    public record GroupRef(String groupId, String name) {
    }

    /** Work inside one write transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(AccountTx tx) throws SQLException;
    }

    private final Database db;

    public AccountRepository(Database db) {
        this.db = db;
    }

    public Optional<AccountRecord> find(String userId) {
        return db.read(c -> new AccountTx(c).find(userId));
    }

    public <T> T transaction(Work<T> work) {
        return db.write(c -> work.run(new AccountTx(c)));
    }

    public int activeAdmins(java.util.Set<String> adminNames) {
        return db.read(c -> new AccountTx(c).activeAdmins(adminNames));
    }

    /** Accounts whose username, email or display name contains {@code query} (any case), sorted, one page. */
    public Page page(String query, Sort sort, boolean descending, int offset, int limit) {
        String like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String where = " WHERE lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.email) LIKE ? ESCAPE '\\'"
                + " OR lower(coalesce(u.displayName, '')) LIKE ? ESCAPE '\\'";
        String pattern = like.toLowerCase(java.util.Locale.ROOT);
        return db.readConsistent(c -> new Page(Sql.list(c, AccountTx.SELECT + where + " ORDER BY " + sort.column
                + (descending ? " DESC" : " ASC") + ", lower(u.username) LIMIT ? OFFSET ?",
                AccountTx::account, pattern, pattern, pattern, limit, offset),
                Sql.one(c, "SELECT count(*) FROM users u" + where, r -> r.getInt(1), pattern, pattern, pattern)
                        .orElse(0)));
    }

    /** The groups of each of these users (users in none are absent). */
    public Map<String, List<GroupRef>> groupsOf(List<String> userIds) {
        Map<String, List<GroupRef>> groups = new HashMap<>();
        if (userIds.isEmpty()) {
            return groups;
        }
        db.read(c -> Sql.list(c, "SELECT m.userId, g.groupId, g.name FROM group_members m JOIN user_groups g"
                + " ON g.groupId = m.groupId WHERE m.userId IN (" + Sql.placeholders(userIds.size()) + ")"
                + " ORDER BY g.name", r -> groups.computeIfAbsent(r.getString(1), k -> new java.util.ArrayList<>())
                        .add(new GroupRef(r.getString(2), r.getString(3))), userIds.toArray()));
        return groups;
    }

    public void recordLogin(String userId, long now) {
        db.writeRows(c -> Sql.update(c, "INSERT INTO user_state(userId, lastLoginAt) VALUES (?, ?) ON CONFLICT(userId)"
                + " DO UPDATE SET lastLoginAt = excluded.lastLoginAt", userId, now));
    }

    /** The account linked to an external identity (an SSO store's caller), if any. */
    public Optional<String> userIdOfIdentity(String provider, String subject) {
        return db.read(c -> Sql.one(c, "SELECT userId FROM user_identities WHERE provider = ? AND subject = ?",
                r -> r.getString(1), provider, subject));
    }

    /** Links an external identity to an account; a link that exists already is left as it is. */
    public void linkIdentity(String provider, String subject, String userId, long now) {
        db.write(c -> Sql.update(c, "INSERT INTO user_identities(provider, subject, userId, createdAt) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", provider, subject, userId, now));
    }
}
