package io.portagent.store;

import io.portagent.config.StartupException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database on PostgreSQL, through a connection pool (HikariCP built from
 * {@code DATABASE_URL}, or the server's JNDI pool). Writes are serializable transactions: when
 * PostgreSQL refuses one because a concurrent transaction (of this node or another) would make
 * the outcome differ from some serial order, it runs again, so the rules written for SQLite's
 * single writer hold across nodes. A lost server fails reads and writes with a clear error and
 * {@code /health} says so; the pool reconnects by itself when it is back.
 */
final class PostgresDatabase extends Database {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    /** Attempts of a write that keeps meeting serialization conflicts. */
    static final int ATTEMPTS = 20;

    private final LongAdder commits = new LongAdder();
    /** Since when (epoch ms) the server has been unreachable, 0 while it answers. */
    private final AtomicLong unreachableSince = new AtomicLong();

    private PostgresDatabase(String name, DataSourceChoice source) {
        super(name, source);
    }

    static PostgresDatabase start(String name, DataSourceChoice source, Schema schema) {
        try (Connection connection = source.dataSource().getConnection()) {
            LOG.debug("{} on {}", name, connection.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            source.closeIfOwned();
            throw new StartupException("Cannot open database " + name + " on PostgreSQL at " + source.describe()
                    + ": " + PostgresErrors.cause(e), e);
        }
        try {
            schema.migrate(name, source.dataSource(), Dialect.POSTGRESQL);
        } catch (RuntimeException e) {
            source.closeIfOwned();
            throw e;
        }
        return new PostgresDatabase(name, source);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return write(work, "SERIALIZABLE");
    }

    @Override
    public <T> T writeRows(SqlWork<T> work) {
        return write(work, "READ COMMITTED");
    }

    private <T> T write(SqlWork<T> work, String isolation) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = source.dataSource().getConnection()) {
                T result = inTransaction(connection, work, isolation, false);
                commits.increment();
                reachable();
                return result;
            } catch (SQLException e) {
                if (PostgresErrors.isConflict(e) && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw failure("write", e);
            }
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = source.dataSource().getConnection()) {
            T result = work.run(connection);
            reachable();
            return result;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public <T> T readConsistent(SqlWork<T> work) {
        try (Connection connection = source.dataSource().getConnection()) {
            T result = inTransaction(connection, work, "REPEATABLE READ", true);
            reachable();
            return result;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /**
     * One transaction at {@code isolation}, set by the transaction's own first statement: the
     * connection's defaults are never touched, so nothing needs resetting (each setter would be
     * a round trip of its own).
     */
    private <T> T inTransaction(Connection connection, SqlWork<T> work, String isolation, boolean readOnly)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL " + isolation + (readOnly ? " READ ONLY" : ""));
            }
            T result = work.run(connection);
            if (readOnly) {
                connection.rollback();
            } else {
                long start = System.nanoTime();
                connection.commit();
                commitNanos.accept(System.nanoTime() - start);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StoreException failure(String what, SQLException e) {
        if (PostgresErrors.isConnectionLost(e)) {
            if (unreachableSince.compareAndSet(0, System.currentTimeMillis())) {
                LOG.error("{}: PostgreSQL is unreachable ({}); requests that need the database fail until it is"
                        + " back, then the pool reconnects by itself.", name, PostgresErrors.cause(e));
            }
            return new StoreException(name + ": PostgreSQL is unreachable: " + PostgresErrors.cause(e), e);
        }
        return new StoreException(name + ": " + what + " failed: " + e.getMessage(), e);
    }

    private void reachable() {
        long since = unreachableSince.getAndSet(0);
        if (since != 0) {
            LOG.info("{}: PostgreSQL answers again (it was unreachable for {} s)", name,
                    (System.currentTimeMillis() - since) / 1000);
        }
    }

    @Override
    public Optional<String> writeProblem() {
        long since = unreachableSince.get();
        return since == 0 ? Optional.empty() : Optional.of(name + ": PostgreSQL has been unreachable since "
                + java.time.Instant.ofEpochMilli(since));
    }

    @Override
    public long writeTransactions() {
        return commits.sum();
    }

    @Override
    public Optional<Path> file() {
        return Optional.empty();
    }

    @Override
    public void close() {
        source.closeIfOwned();
    }
}
