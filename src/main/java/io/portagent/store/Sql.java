package io.portagent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC shapes the repositories repeat: bind, update, map rows. On a connection with a
 * {@link StatementCache} the statement is a kept one; a statement whose use failed is closed,
 * not kept.
 */
final class Sql {

    /** Maps the current row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Use<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        return use(c, sql, s -> bind(s, args).executeUpdate());
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        return use(c, sql, s -> {
            try (ResultSet r = bind(s, args).executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row.map(r));
                }
                return out;
            }
        });
    }

    /** Whether {@code sql} finds a row. */
    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        return use(c, sql, s -> {
            try (ResultSet r = bind(s, args).executeQuery()) {
                return r.next();
            }
        });
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> rows = list(c, sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** {@code ?, ?, ?}: one placeholder per value of a list, for {@code IN (...)}. */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static <T> T use(Connection c, String sql, Use<T> use) throws SQLException {
        StatementCache cache = StatementCache.of(c);
        if (cache == null) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                return use.run(s);
            }
        }
        PreparedStatement s = cache.take(c, sql);
        boolean done = false;
        try {
            T result = use.run(s);
            done = true;
            return result;
        } finally {
            if (done) {
                cache.giveBack(sql, s);
            } else {
                StatementCache.close(s);
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
