package io.portagent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few JDBC shapes the repositories repeat: bind, update, map rows. */
final class Sql {

    /** Maps the current row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = bind(c.prepareStatement(sql), args)) {
            return s.executeUpdate();
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement s = bind(c.prepareStatement(sql), args); ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.map(r));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> rows = list(c, sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** {@code ?, ?, ?}: one placeholder per value of a list, for {@code IN (...)}. */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static PreparedStatement bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
