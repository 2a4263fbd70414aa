package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** {@code shared_secrets} in portagent.db: what every node on the database must agree on. */
public final class SharedSecretRepository {

    /** Work in one transaction on the table. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** The table's rows inside a transaction. */
    public static final class Tx {
        private final Connection c;

        Tx(Connection c) {
            this.c = c;
        }

        public Optional<String> get(String name) throws SQLException {
            return Sql.one(c, "SELECT value FROM shared_secrets WHERE name = ?", r -> r.getString(1), name);
        }

        public void put(String name, String value, long now) throws SQLException {
            Sql.update(c, "INSERT INTO shared_secrets(name, value, updatedAt) VALUES (?, ?, ?) ON CONFLICT(name)"
                    + " DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt", name, value, now);
        }
    }

    private final Database db;

    public SharedSecretRepository(Database db) {
        this.db = db;
    }

    public <T> T transaction(Work<T> work) {
        return db.write(c -> work.run(new Tx(c)));
    }
}
