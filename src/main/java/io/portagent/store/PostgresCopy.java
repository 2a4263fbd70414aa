package io.portagent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies the tables of a SQLite file into the same schema on PostgreSQL (created there by
 * {@link Database#open}), for {@code migrate}: by column name, parents before the tables whose
 * foreign keys point at them, in JDBC batches, in one transaction. SQLite's implicit rowid goes
 * into the {@code rowid} column the PostgreSQL tables have in its place, and every identity
 * sequence then continues after the largest copied value.
 */
public final class PostgresCopy {

    /** Rows per JDBC batch: large enough to save round trips, small enough to bound memory. */
    static final int BATCH = 500;
    private static final String ROWID = "rowid";

    private final Database target;

    public PostgresCopy(Database target) {
        if (target.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException(target.name() + " is not on PostgreSQL");
        }
        this.target = target;
    }

    /** One table's rows in the SQLite file and in PostgreSQL after the copy. */
    public record Count(String database, String table, long source, long target) {
        public boolean matches() {
            return source == target;
        }
    }

    /** The rows each of {@code tables} holds in the target, in that order; a table it lacks is an error. */
    public Map<String, Long> rows(List<String> tables) {
        return target.read(c -> {
            requireTables(c, tables);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : tables) {
                counts.put(table, count(c, table));
            }
            return counts;
        });
    }

    /**
     * Copies every table of {@code source} in one transaction, first emptying them in the target
     * when {@code replace}; then counts both sides.
     */
    public List<Count> copy(SqliteSource source, boolean replace) throws SQLException {
        List<String> tables = source.tables();
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : tables) {
            expected.put(table, source.count(table));
        }
        target.write(c -> {
            requireTables(c, tables);
            if (replace) {
                truncate(c, tables);
            }
            for (String table : parentsFirst(c, tables)) {
                copyTable(c, source, table);
            }
            continueIdentities(c, tables);
            return null;
        });
        Map<String, Long> copied = rows(tables);
        return tables.stream().map(t -> new Count(target.name(), t, expected.get(t), copied.get(t))).toList();
    }

    private void requireTables(Connection c, List<String> tables) throws SQLException {
        Set<String> present = new LinkedHashSet<>(strings(c, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema()"));
        List<String> missing = tables.stream().filter(t -> !present.contains(lower(t))).toList();
        if (!missing.isEmpty()) {
            throw new StoreException(target.name() + ": PostgreSQL has no table " + String.join(", ", missing)
                    + ", which the SQLite file has. Is the SQLite file from a newer Portagent than this one?", null);
        }
    }

    private static void truncate(Connection c, List<String> tables) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("TRUNCATE TABLE " + tables.stream().map(PostgresCopy::quote)
                    .collect(Collectors.joining(", ")) + " CASCADE");
        }
    }

    /** The tables ordered so that each comes after every table its foreign keys reference. */
    private static List<String> parentsFirst(Connection c, List<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
                        + " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace")) {
            while (rows.next()) {
                parents.computeIfAbsent(rows.getString(1), k -> new LinkedHashSet<>()).add(rows.getString(2));
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String table : tables) {
            visit(table, tables, parents, ordered, new LinkedHashSet<>());
        }
        return ordered;
    }

    private static void visit(String table, List<String> tables, Map<String, Set<String>> parents, List<String> ordered,
            Set<String> path) {
        if (ordered.contains(table) || !path.add(table)) {
            return; // done already, or a cycle (none in our schemas; a self-reference is fine in one statement)
        }
        for (String parent : parents.getOrDefault(lower(table), Set.of())) {
            tables.stream().filter(t -> lower(t).equals(parent)).findFirst()
                    .ifPresent(p -> visit(p, tables, parents, ordered, path));
        }
        ordered.add(table);
    }

    private void copyTable(Connection c, SqliteSource source, String table) throws SQLException {
        List<String> columns = source.columns(table);
        Map<String, Integer> types = targetTypes(c, table);
        for (String column : columns) {
            if (!types.containsKey(lower(column))) {
                throw new StoreException(target.name() + ": PostgreSQL's table " + table + " has no column " + column
                        + ", which the SQLite file has.", null);
            }
        }
        boolean rowid = types.containsKey(ROWID) && columns.stream().noneMatch(col -> lower(col).equals(ROWID));
        List<String> inserted = new ArrayList<>(columns);
        if (rowid) {
            inserted.add(ROWID);
        }
        String sql = "INSERT INTO " + quote(table) + " (" + inserted.stream().map(PostgresCopy::quote)
                .collect(Collectors.joining(", ")) + ") VALUES (" + Sql.placeholders(inserted.size()) + ")";
        try (Statement read = source.statement(); ResultSet rows = source.rows(read, table, columns);
             PreparedStatement insert = c.prepareStatement(sql)) {
            long count = 0;
            while (rows.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(insert, i + 1, rows, i + 2, types.get(lower(columns.get(i))));
                }
                if (rowid) {
                    insert.setLong(inserted.size(), rows.getLong(1));
                }
                insert.addBatch();
                if (++count % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** SQLite hands back what it stored; PostgreSQL gets the type its column has. */
    private static void bind(PreparedStatement insert, int at, ResultSet rows, int from, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long value = rows.getLong(from);
                if (rows.wasNull()) {
                    insert.setNull(at, type);
                } else if (type == Types.BIGINT) {
                    insert.setLong(at, value);
                } else {
                    insert.setInt(at, Math.toIntExact(value));
                }
            }
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR -> insert.setString(at, rows.getString(from));
            default -> insert.setObject(at, rows.getObject(from));
        }
    }

    /** The JDBC type of each of {@code table}'s columns in PostgreSQL, by lower-case name. */
    private static Map<String, Integer> targetTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (Statement statement = c.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + quote(table) + " LIMIT 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                types.put(lower(meta.getColumnName(i)), meta.getColumnType(i));
            }
        }
        return types;
    }

    /** Each identity column (audit_log.id, the rowid columns) continues after its largest value. */
    private static void continueIdentities(Connection c, List<String> tables) throws SQLException {
        Set<String> ours = tables.stream().map(PostgresCopy::lower).collect(Collectors.toSet());
        List<String[]> identities = new ArrayList<>();
        try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (rows.next()) {
                if (ours.contains(rows.getString(1))) {
                    identities.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        for (String[] identity : identities) {
            String table = quote(identity[0]);
            String column = quote(identity[1]);
            try (PreparedStatement setval = c.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?),"
                    + " coalesce(max(" + column + "), 0) + 1, false) FROM " + table)) {
                setval.setString(1, table);
                setval.setString(2, identity[1]);
                setval.executeQuery().close();
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    /** PostgreSQL folds unquoted names to lower case: the schema's {@code userId} is {@code userid} there. */
    private static String quote(String identifier) {
        return "\"" + lower(identifier).replace("\"", "\"\"") + "\"";
    }

    private static String lower(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }
}
