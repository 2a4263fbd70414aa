package io.portagent.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One of the service's two databases ({@code portagent.db}, {@code agentx.db}) on SQLite or
 * PostgreSQL. Writes run as transactions that behave as if they ran one after another (on
 * SQLite: one writer connection per process; on PostgreSQL: serializable transactions, retried
 * when another node's transaction got in the way), so a rule that reads and then changes sees
 * one consistent state on every engine and node.
 */
public abstract class Database implements AutoCloseable {

    protected final String name;
    protected final DataSourceChoice source;

    protected Database(String name, DataSourceChoice source) {
        this.name = name;
        this.source = source;
    }

    /** Told how long each commit took, in nanoseconds (metrics); nothing by default. */
    protected volatile java.util.function.LongConsumer commitNanos = n -> { };

    /** Times every commit from now on with {@code nanos}. */
    public void timeCommits(java.util.function.LongConsumer nanos) {
        this.commitNanos = nanos;
    }

    /** Opens the database behind {@code source}, on its engine, and brings its schema up to date. */
    public static Database open(String name, DataSourceChoice source, Schema schema) {
        return switch (source.dialect(name)) {
            case SQLITE -> SqliteDatabase.start(name, source, schema);
            case POSTGRESQL -> PostgresDatabase.start(name, source, schema);
        };
    }

    /** {@code portagent.db} or {@code agentx.db}, as operators know them (also on PostgreSQL). */
    public final String name() {
        return name;
    }

    public final DataSourceChoice source() {
        return source;
    }

    public abstract Dialect dialect();

    /**
     * Runs {@code work} in one write transaction; on PostgreSQL it may run again after a conflict.
     * The work never commits or rolls back the connection itself (on SQLite the transaction may
     * hold other writes too): to undo what it did, it throws, and the exception reaches its caller.
     */
    public abstract <T> T write(SqlWork<T> work);

    /**
     * Runs {@code work} in one write transaction whose statements are each safe on their own:
     * inserts, upserts, updates of rows by key, conditional updates and deletes, no rule that
     * reads and then writes. On PostgreSQL it runs at READ COMMITTED, so it never fails for a
     * serialization conflict (under load, serializable writes of many sessions at once keep
     * refusing each other); on SQLite it is {@link #write}.
     */
    public <T> T writeRows(SqlWork<T> work) {
        return write(work);
    }

    /** Runs {@code work} on a connection in auto-commit: each statement sees the latest commit. */
    public abstract <T> T read(SqlWork<T> work);

    /** Runs {@code work} in one read transaction: every query sees the same committed state. */
    public abstract <T> T readConsistent(SqlWork<T> work);

    /**
     * Runs {@code work}, a task of several reads ({@link #read}, {@link #readConsistent}, through
     * any repository), with those reads in one read transaction of this thread: on SQLite a
     * reader's page cache lasts for one transaction and is dropped at the start of the next when
     * anything was committed meanwhile, so under a steady stream of writes each read on its own
     * reads its pages again. For reads only (a write in it would not be seen by its later reads).
     * The default runs {@code work} as it is: PostgreSQL keeps no such cache.
     */
    public <T> T readTogether(Supplier<T> work) {
        return work.get();
    }

    /** Why writes are failing now (a full disk, an unreachable server), or empty while they succeed. */
    public abstract Optional<String> writeProblem();

    /** Write transactions committed since this database was opened. */
    public abstract long writeTransactions();

    /** The file behind this database, when it is one. */
    public abstract Optional<Path> file();

    @Override
    public abstract void close();

    /** Whether the database answers a query now (what {@code /health} asks). */
    public Optional<String> problem() {
        if (file().isPresent() && !java.nio.file.Files.isRegularFile(file().get())) {
            return Optional.of(name() + " is missing: " + file().get());
        }
        try {
            read(Database::ping);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(name() + " is unusable: " + e.getMessage());
        }
    }

    private static boolean ping(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT 1")) {
            return rows.next();
        }
    }
}
