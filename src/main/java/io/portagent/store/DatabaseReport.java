package io.portagent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A read-only look at one database file for diagnostics: size, integrity, row counts, and its
 * schema version against the one this Portagent would migrate it to. It never writes, migrates
 * or takes the instance lock, so it is safe while the service runs.
 */
public final class DatabaseReport {

    private DatabaseReport() {
    }

    /** {@code portagent.db} or {@code agentx.db} in {@code dataDir}, with the tables worth counting. */
    public static String of(Path file, Schema schema, List<String> tables) {
        if (!Files.isRegularFile(file)) {
            return "missing (" + file + ")";
        }
        StringBuilder text = new StringBuilder(size(file));
        try (Connection connection = readOnly(file); Statement statement = connection.createStatement()) {
            text.append(", integrity ").append(quickCheck(statement));
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    text.append(", ").append(table).append(' ').append(rows.next() ? rows.getLong(1) : 0);
                }
            }
            int version = Schema.userVersion(connection);
            text.append(", schema ").append(version).append(version == schema.latestVersion() ? " (current)"
                    : " (this Portagent: " + schema.latestVersion() + ", applied at its next start)");
        } catch (SQLException e) {
            text.append(", unreadable: ").append(e.getMessage());
        }
        return text.toString();
    }

    /**
     * The same look at a database on PostgreSQL ({@code DATABASE_URL}): the server's version, row
     * counts and the schema version of Flyway's history. Read only; a server that cannot be
     * reached is reported, not thrown.
     */
    public static String of(io.portagent.config.DatabaseUrl url, Schema schema, List<String> tables) {
        org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
        source.setURL(url.jdbcUrl());
        url.user().ifPresent(source::setUser);
        url.password().ifPresent(source::setPassword);
        source.setConnectTimeout(5);
        source.setReadOnly(true);
        StringBuilder text = new StringBuilder("on " + url);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            text.append(" (PostgreSQL ").append(connection.getMetaData().getDatabaseProductVersion()).append(')');
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    text.append(", ").append(table).append(' ').append(rows.next() ? rows.getLong(1) : 0);
                }
            }
            int version = 0;
            try (ResultSet rows = statement.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM "
                    + schema.historyTable() + " WHERE success")) {
                version = rows.next() ? rows.getInt(1) : 0;
            }
            text.append(", schema ").append(version).append(version == schema.latestVersion() ? " (current)"
                    : " (this Portagent: " + schema.latestVersion() + ", applied at its next start)");
        } catch (SQLException e) {
            text.append(", unreadable: ").append(PostgresErrors.cause(e));
        }
        return text.toString();
    }

    private static String size(Path file) {
        try {
            return String.format("%.1f KB", Files.size(file) / 1024.0);
        } catch (IOException e) {
            return "size unknown";
        }
    }

    private static String quickCheck(Statement statement) throws SQLException {
        StringBuilder result = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(3)")) {
            while (rows.next()) {
                result.append(result.length() > 0 ? "; " : "").append(rows.getString(1));
            }
        }
        return result.toString();
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource.getConnection();
    }
}
