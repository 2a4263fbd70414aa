package io.portagent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one SQLite connection, kept for the next use of the same SQL.
 * sqlite-jdbc compiles a statement afresh on every {@code prepareStatement}; for the short
 * statements of a turn, compiling cost nearly as much as running them (in a profile of 100
 * streams, 0.6 ms of the 1.3 ms a turn spent in SQLite). {@link Sql} takes a statement out while
 * it runs and gives it back after, so a query run on the same connection while another of the
 * same text is open prepares its own; beyond {@link #SIZE} statements the least recently used is
 * closed. Only connections {@link SqliteDatabase} opened have a cache; others (PostgreSQL's pool,
 * whose driver keeps its own) prepare each time.
 */
final class StatementCache {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    /** More than the distinct statements a connection runs in the busy paths (a turn uses about 20). */
    static final int SIZE = 64;

    private static final Map<Connection, StatementCache> BY_CONNECTION = new ConcurrentHashMap<>();

    /** Idle statements by SQL, least recently given back first. */
    private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>();

    private StatementCache() {
    }

    /** Gives {@code connection} a cache; its statements are closed by {@link #forget}. */
    static void keepFor(Connection connection) {
        BY_CONNECTION.put(connection, new StatementCache());
    }

    /** Closes the statements kept for {@code connection}, before the connection closes. */
    static void forget(Connection connection) {
        StatementCache cache = BY_CONNECTION.remove(connection);
        if (cache != null) {
            cache.closeAll();
        }
    }

    /** The cache of {@code connection}, or null when it has none. */
    static StatementCache of(Connection connection) {
        return BY_CONNECTION.get(connection);
    }

    /** A statement for {@code sql}: a kept one, or a new one; in either case only the caller's until {@link #giveBack}. */
    PreparedStatement take(Connection connection, String sql) throws SQLException {
        PreparedStatement kept;
        synchronized (this) {
            kept = idle.remove(sql);
        }
        return kept != null ? kept : connection.prepareStatement(sql);
    }

    /**
     * Keeps {@code statement} (reset by the caller: its result set closed) for the next use of
     * {@code sql}, its parameters cleared so that no bound value stays in memory.
     */
    void giveBack(String sql, PreparedStatement statement) {
        try {
            statement.clearParameters();
        } catch (SQLException e) {
            close(statement);
            return;
        }
        PreparedStatement other; // one given back by a nested use of the same SQL: the newer is kept
        PreparedStatement eldest = null;
        synchronized (this) {
            other = idle.put(sql, statement);
            if (idle.size() > SIZE) {
                var first = idle.entrySet().iterator();
                eldest = first.next().getValue();
                first.remove();
            }
        }
        if (other != null) {
            close(other);
        }
        if (eldest != null) {
            close(eldest);
        }
    }

    /** How many statements are kept now. */
    synchronized int size() {
        return idle.size();
    }

    private void closeAll() {
        List<PreparedStatement> all;
        synchronized (this) {
            all = new ArrayList<>(idle.values());
            idle.clear();
        }
        all.forEach(StatementCache::close);
    }

    static void close(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a statement failed", e);
        }
    }
}
