package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code users} table of {@code portagent.db}. Usernames are unique regardless of case; emails are stored lower-case. */
public final class UserRepository {

    private static final String COLUMNS = "userId, username, email, passwordHash, containerId, displayName, avatar,"
            + " isActive, createdAt, updatedAt";

    private final Database db;

    public UserRepository(Database db) {
        this.db = db;
    }

    public Optional<UserRecord> findById(String userId) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM users WHERE userId = ?", UserRepository::user, userId));
    }

    /** Every user, by username. */
    public java.util.List<UserRecord> all() {
        return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM users ORDER BY lower(username)",
                UserRepository::user));
    }

    /** By username (any case) or by email. */
    public Optional<UserRecord> findByLogin(String usernameOrEmail) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(?)"
                + " OR email = lower(?) ORDER BY CASE WHEN username = ? THEN 0 ELSE 1 END LIMIT 1",
                UserRepository::user, usernameOrEmail, usernameOrEmail, usernameOrEmail));
    }

    public boolean isActive(String userId) {
        return db.read(c -> Sql.exists(c, "SELECT 1 FROM users WHERE userId = ? AND isActive = 1", userId));
    }

    /** Inserts the user; {@link DuplicateException} names the username or email that is taken. */
    public void insert(UserRecord user) {
        db.write(c -> {
            insert(c, user);
            return null;
        });
    }

    static void insert(Connection c, UserRecord user) throws SQLException {
        if (Sql.exists(c, "SELECT 1 FROM users WHERE lower(username) = lower(?)", user.username())) {
            throw new DuplicateException("Username", user.username());
        }
        if (Sql.exists(c, "SELECT 1 FROM users WHERE email = ?", user.email())) {
            throw new DuplicateException("Email", user.email());
        }
        Sql.update(c, "INSERT INTO users(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", user.userId(),
                user.username(), user.email(), user.passwordHash(), user.containerId(), user.displayName(),
                user.avatar(), user.active() ? 1 : 0, user.createdAt(), user.updatedAt());
    }

    static UserRecord user(ResultSet r) throws SQLException {
        return new UserRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getInt(8) == 1, r.getLong(9), r.getLong(10));
    }
}
