package io.portagent.store;

import io.portagent.config.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite file of a stopped installation, opened read-only for {@code migrate}: its tables, their
 * columns and rows, all read in one transaction so that counts and rows agree. Nothing here
 * writes the file (no migration, no journal-mode change).
 */
public final class SqliteSource implements AutoCloseable {

    private final String name;
    private final Connection connection;

    private SqliteSource(String name, Connection connection) {
        this.name = name;
        this.connection = connection;
    }

    /** Opens {@code file}, which must be at {@code schema}'s latest version (else the columns would differ). */
    public static SqliteSource open(Path file, Schema schema) {
        if (!Files.isRegularFile(file)) {
            throw new StartupException("No SQLite database at " + file + ". Point --data-dir (or AGENTX_DIR) at the"
                    + " data directory of the installation to move.");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toUri() + (hasJournal(file) ? "" : "?immutable=1"));
        String name = file.getFileName().toString();
        try {
            Connection connection = dataSource.getConnection();
            SqliteSource source = new SqliteSource(name, connection);
            source.requireVersion(schema.latestVersion());
            connection.setAutoCommit(false); // one read transaction: counts and rows from the same state
            return source;
        } catch (SQLException e) {
            throw new StartupException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a write-ahead log beside the file may hold committed rows (after a crash). Without
     * one, the file is opened as immutable, so SQLite creates no -wal or -shm file beside it.
     */
    private static boolean hasJournal(Path file) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            return Files.exists(wal) && Files.size(wal) > 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private void requireVersion(int latest) throws SQLException {
        int version = Schema.userVersion(connection);
        if (version != latest) {
            close();
            throw new StartupException(name + " has schema version " + version + ", this Portagent's is " + latest
                    + ". Start the service of this version once on the data directory (it updates the schema),"
                    + " stop it, then run migrate again.");
        }
    }

    public String name() {
        return name;
    }

    /**
     * The application's tables: neither SQLite's own nor Flyway's history (the target keeps its
     * own), nor a full-text index (a virtual table, and every table named after it: its shadow
     * tables and its row map), which PostgreSQL replaces with an index of its own.
     */
    public List<String> tables() throws SQLException {
        List<String> indexes = strings("SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND sql LIKE 'CREATE VIRTUAL TABLE%'");
        return strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                + " AND name NOT LIKE '%_schema_history' ORDER BY name").stream()
                .filter(t -> indexes.stream().noneMatch(v -> t.equals(v) || t.startsWith(v + "_"))).toList();
    }

    /** The columns of {@code table}, in their order. */
    public List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rows.next()) {
                columns.add(rows.getString("name"));
            }
        }
        return columns;
    }

    public long count(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every row of {@code table} in insertion order: SQLite's rowid first, then {@code columns}. */
    public ResultSet rows(Statement statement, String table, List<String> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT rowid");
        columns.forEach(c -> sql.append(", ").append(quote(c)));
        return statement.executeQuery(sql.append(" FROM ").append(quote(table)).append(" ORDER BY rowid").toString());
    }

    public Statement statement() throws SQLException {
        return connection.createStatement();
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Ends the read transaction too: nothing was written, so there is nothing to keep. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(SqliteSource.class).debug("closing {}", name, e);
        }
    }
}
