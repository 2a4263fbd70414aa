package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.locks.LockSupport;

/**
 * A write waiting for SQLite's one writer connection. Whichever caller takes the writer runs
 * the writes queued by then in one transaction (a group commit), each under a savepoint of its
 * own: a write that fails is undone alone and its caller gets its error, the others commit.
 */
final class QueuedWrite<T> {

    private final SqlWork<T> work;
    private final Thread caller = Thread.currentThread();
    private T result;
    private Throwable failure;
    private volatile boolean done;

    QueuedWrite(SqlWork<T> work) {
        this.work = work;
    }

    /**
     * Runs the work inside the open transaction. True when it succeeded; when it failed, its
     * changes are rolled back to the savepoint and its error kept for its caller. A failure that
     * concerns the whole transaction is thrown instead: another process holding the database's
     * write lock (the transaction is tried again), or one after which SQLite has already rolled
     * the transaction back (a full disk, an I/O error).
     */
    boolean runIn(Connection c) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            result = work.run(c);
            failure = null;
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (SqliteDatabase.isBusy(e)) {
                throw e;
            }
            undo(c, savepoint, e);
            failure = e;
        } catch (RuntimeException e) {
            undo(c, savepoint, e);
            failure = e;
        }
        result = null;
        return false;
    }

    private static <E extends Exception> void undo(Connection c, Savepoint savepoint, E failure) throws E {
        try {
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
        } catch (SQLException gone) {
            failure.addSuppressed(gone);
            throw failure;
        }
    }

    /** The work's own SQL failure from the last run, if that is how it failed. */
    SQLException sqlFailure() {
        return failure instanceof SQLException e ? e : null;
    }

    /** Settles the outcome: the run's result, or {@code failure} when given. Its caller may then return. */
    void settle(Throwable failure) {
        if (failure != null) {
            this.failure = failure;
            this.result = null;
        }
        done = true;
        wake();
    }

    /** Wakes the caller: its write is settled, or the writer came free and the next group is its to run. */
    void wake() {
        LockSupport.unpark(caller);
    }

    boolean isDone() {
        return done;
    }

    /** What the caller gets: the result, or the failure thrown as it came (SQL errors as the database made them). */
    T outcome() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return result;
    }
}
