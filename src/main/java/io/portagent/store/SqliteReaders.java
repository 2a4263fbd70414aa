package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The reader connections of one SQLite database: at most {@link #READERS} in use at once, kept
 * between reads. A read runs in auto-commit (each statement sees the latest commit), a consistent
 * read in one read transaction, and a thread's task of reads ({@link Database#readTogether}) on
 * one connection in one read transaction, which its nested reads join.
 */
final class SqliteReaders {

    /**
     * Reader connections. A turn's start reads several times (conversation, account, groups, last
     * seq, context): with four, 100 conversations started at once queued for them on two cores.
     */
    static final int READERS = 8;

    private final String name;
    private final DataSourceChoice source;
    private final Semaphore permits = new Semaphore(READERS, true);
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(READERS);
    /** The connection of this thread's task of reads, in its read transaction, or none. */
    private final ThreadLocal<Connection> together = new ThreadLocal<>();

    SqliteReaders(String name, DataSourceChoice source) {
        this.name = name;
        this.source = source;
    }

    <T> T read(SqlWork<T> work) {
        Connection shared = together.get();
        if (shared != null) {
            try {
                return work.run(shared);
            } catch (SQLException e) {
                throw failed(e);
            }
        }
        acquirePermit();
        Connection connection = idle.poll();
        try {
            if (connection == null) {
                connection = SqliteDatabase.connect(name, source);
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            if (connection != null && !idle.offer(connection)) {
                SqliteDatabase.closeQuietly(connection);
            }
            permits.release();
        }
    }

    <T> T readConsistent(SqlWork<T> work) {
        if (together.get() != null) {
            return read(work); // already in one
        }
        return read(connection -> {
            connection.setAutoCommit(false);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        });
    }

    <T> T readTogether(Supplier<T> work) {
        if (together.get() != null) {
            return work.get();
        }
        return readConsistent(connection -> {
            together.set(connection);
            try {
                return work.get();
            } finally {
                together.remove();
            }
        });
    }

    /** Closes the idle connections (those in use are closed when given back, the pool being full). */
    void close() {
        Connection reader;
        while ((reader = idle.poll()) != null) {
            SqliteDatabase.closeQuietly(reader);
        }
    }

    private StoreException failed(SQLException e) {
        return new StoreException(name + ": read failed: " + e.getMessage(), e);
    }

    private void acquirePermit() {
        try {
            if (!permits.tryAcquire(SqliteDatabase.BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new StoreException(name + ": no reader connection free within " + SqliteDatabase.BUSY_TIMEOUT_MS
                        + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(name + ": interrupted while waiting for a reader connection", e);
        }
    }
}
