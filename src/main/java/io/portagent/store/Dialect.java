package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL engine behind a database. The repositories write SQL that both engines read alike;
 * what differs (the migrations' types, the connection set-up, how writers take turns) is
 * decided by this.
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    String folder() {
        return folder;
    }

    /** The engine of an open connection, from its driver's product name. */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.toLowerCase(java.util.Locale.ROOT).contains("sqlite")) {
            return SQLITE;
        }
        throw new StoreException("unsupported database " + product + ": Portagent runs on SQLite or PostgreSQL", null);
    }
}
