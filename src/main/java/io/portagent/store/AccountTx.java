package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The account operations of one write transaction on {@code portagent.db}: a rule that reads and
 * then changes (the last admin, a taken email) sees and changes one consistent state.
 */
public final class AccountTx {

    static final String SELECT = "SELECT u.userId, u.username, u.email, u.passwordHash, u.containerId, u.displayName,"
            + " u.avatar, u.isActive, u.createdAt, u.updatedAt, s.lastLoginAt, coalesce(s.tokensValidAfter, 0),"
            + " coalesce(s.mustChangePassword, 0), (SELECT string_agg(role, ',') FROM user_roles r"
            + " WHERE r.userId = u.userId) FROM users u LEFT JOIN user_state s ON s.userId = u.userId";
    private static final String ENSURE_STATE = "INSERT INTO user_state(userId) VALUES (?) ON CONFLICT DO NOTHING";

    private final Connection c;

    AccountTx(Connection c) {
        this.c = c;
    }

    public Optional<AccountRecord> find(String userId) throws SQLException {
        return Sql.one(c, SELECT + " WHERE u.userId = ?", AccountTx::account, userId);
    }

    /** Active accounts holding {@code admin} in user_roles or named in {@code adminNames} (lower case). */
    public int activeAdmins(Set<String> adminNames) throws SQLException {
        String byName = adminNames.isEmpty() ? "" : " OR lower(u.username) IN ("
                + Sql.placeholders(adminNames.size()) + ")";
        return Sql.one(c, "SELECT count(*) FROM users u WHERE u.isActive = 1 AND (EXISTS (SELECT 1 FROM user_roles r"
                + " WHERE r.userId = u.userId AND r.role = 'admin')" + byName + ")", r -> r.getInt(1),
                adminNames.toArray()).orElse(0);
    }

    public void insert(UserRecord user, boolean mustChangePassword, Set<String> roles) throws SQLException {
        UserRepository.insert(c, user);
        Sql.update(c, "INSERT INTO user_state(userId, mustChangePassword) VALUES (?, ?)", user.userId(),
                mustChangePassword ? 1 : 0);
        setRoles(user.userId(), roles, user.createdAt());
    }

    /** isActive = 0 also records a token cutoff (the {@code users_disabled_cutoff} trigger). */
    public void setActive(String userId, boolean active, long now) throws SQLException {
        Sql.update(c, "UPDATE users SET isActive = ?, updatedAt = ? WHERE userId = ?", active ? 1 : 0, now, userId);
    }

    public void setRoles(String userId, Set<String> roles, long now) throws SQLException {
        Sql.update(c, "DELETE FROM user_roles WHERE userId = ?", userId);
        for (String role : roles) {
            Sql.update(c, "INSERT INTO user_roles(userId, role, grantedAt) VALUES (?, ?, ?)", userId, role, now);
        }
    }

    /** Sets the profile fields; {@link DuplicateException} when the email belongs to another account. */
    public void setProfile(String userId, String displayName, String email, String avatar, long now)
            throws SQLException {
        if (Sql.one(c, "SELECT 1 FROM users WHERE email = ? AND userId <> ?", r -> 1, email, userId).isPresent()) {
            throw new DuplicateException("Email", email);
        }
        Sql.update(c, "UPDATE users SET displayName = ?, email = ?, avatar = ?, updatedAt = ? WHERE userId = ?",
                displayName, email, avatar, now, userId);
    }

    public void setPassword(String userId, String hash, boolean mustChange, long now) throws SQLException {
        Sql.update(c, "UPDATE users SET passwordHash = ?, updatedAt = ? WHERE userId = ?", hash, now, userId);
        Sql.update(c, ENSURE_STATE, userId);
        Sql.update(c, "UPDATE user_state SET mustChangePassword = ? WHERE userId = ?", mustChange ? 1 : 0, userId);
    }

    /** Refuses every token of the user issued before {@code cutoff} (epoch ms). */
    public void cutTokens(String userId, long cutoff) throws SQLException {
        Sql.update(c, ENSURE_STATE, userId);
        Sql.update(c, "UPDATE user_state SET tokensValidAfter = ? WHERE userId = ? AND tokensValidAfter < ?",
                cutoff, userId, cutoff);
    }

    /** Removes the account and everything of it in portagent.db but the audit log. */
    public boolean delete(String userId) throws SQLException {
        Sql.update(c, "DELETE FROM revoked_tokens WHERE userId = ?", userId);
        return Sql.update(c, "DELETE FROM users WHERE userId = ?", userId) == 1;
    }

    static AccountRecord account(java.sql.ResultSet r) throws SQLException {
        UserRecord user = UserRepository.user(r);
        long lastLogin = r.getLong(11);
        Long lastLoginAt = r.wasNull() ? null : lastLogin;
        String roles = r.getString(14);
        Set<String> granted = roles == null ? Set.of() : Arrays.stream(roles.split(",")).collect(Collectors.toSet());
        return new AccountRecord(user, lastLoginAt, r.getLong(12), r.getInt(13) == 1, granted);
    }
}
