package io.portagent.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A DataSource and where it came from: a JNDI resource (the server's, never closed by us), a
 * SQLite file, or a pool this application built from {@code DATABASE_URL} ({@code owned}: closed
 * with the database).
 */
public record DataSourceChoice(DataSource dataSource, Optional<Path> file, String origin, boolean owned) {

    public DataSourceChoice(DataSource dataSource, Optional<Path> file, String origin) {
        this(dataSource, file, origin, false);
    }

    /** How the summary and errors name it: the file when known, and its origin. */
    public String describe() {
        return file.map(f -> f + " (" + origin + ")").orElse(origin);
    }

    /** The engine behind it: SQLite for a file, else what the first connection says. */
    Dialect dialect(String name) {
        if (file.isPresent()) {
            return Dialect.SQLITE;
        }
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.of(connection);
        } catch (SQLException e) {
            closeIfOwned();
            throw new io.portagent.config.StartupException("Cannot open database " + name + " at " + describe()
                    + ": " + PostgresErrors.cause(e), e);
        }
    }

    void closeIfOwned() {
        if (owned && dataSource instanceof Closeable pool) {
            try {
                pool.close();
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(DataSourceChoice.class).debug("closing the pool of {}", origin, e);
            }
        }
    }
}
