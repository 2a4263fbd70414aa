package io.portagent.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database. All writes go through a single connection under one lock, so within
 * one process writers never meet {@code SQLITE_BUSY}; writes that queue for it commit together
 * ({@link QueuedWrite}). Reads use a small set of their own connections ({@link SqliteReaders})
 * and, in WAL mode, never wait for the writer.
 */
final class SqliteDatabase extends Database {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    static final int BUSY_TIMEOUT_MS = 5_000;
    /**
     * How long a write keeps trying while another process (sqlite3, a backup tool) holds the
     * database's write lock: SQLite's busy handler waits {@link #BUSY_TIMEOUT_MS} per attempt, and
     * the transaction is run again until this much time has passed since the first attempt.
     */
    static final long BUSY_RETRY_MILLIS = 30_000;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    /** The most writes one transaction takes, so that none waits long behind a huge group. */
    static final int MAX_WRITES_TOGETHER = 200;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Queue<QueuedWrite<?>> queued = new ConcurrentLinkedQueue<>();
    private final Connection writer;
    private final SqliteReaders readers;
    /** When writes began to fail for a full disk (epoch ms), 0 while they succeed. */
    private final AtomicLong diskFullSince = new AtomicLong();
    /** Committed write transactions since open: a cheap gauge of write load (one add per commit). */
    private final LongAdder commits = new LongAdder();

    private SqliteDatabase(String name, DataSourceChoice source, Connection writer) {
        super(name, source);
        this.writer = writer;
        this.readers = new SqliteReaders(name, source);
    }

    /** Opens the database, checks its integrity and brings its schema up to date. */
    static SqliteDatabase start(String name, DataSourceChoice source, Schema schema) {
        Connection writer = connect(name, source);
        try {
            Integrity.check(name, source, writer);
            execute(writer, "PRAGMA journal_mode=WAL");
            schema.migrate(name, source.dataSource(), Dialect.SQLITE);
            return new SqliteDatabase(name, source, writer);
        } catch (SQLException e) {
            closeQuietly(writer);
            throw Integrity.failure(name, source, e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    /**
     * Runs {@code work} in one transaction on the single writer connection. Writes that arrive
     * while another is running wait, then go together: the first of them to take the writer runs
     * all that are queued in one transaction, each under a savepoint of its own, so a burst costs
     * one commit (and one pass of the search index) instead of one per write, and a write that
     * fails is undone alone. A full disk fails it with {@link DiskFullException}; the first such
     * failure is logged once for the operator, and the next write that succeeds says so.
     */
    @Override
    public <T> T write(SqlWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            return nested(work);
        }
        QueuedWrite<T> mine = new QueuedWrite<>(work);
        queued.add(mine);
        boolean interrupted = false; // as with a lock, an interrupt does not cut a write short
        while (!mine.isDone()) {
            if (writeLock.tryLock()) {
                try {
                    while (!mine.isDone()) {
                        runTogether(takeQueued());
                    }
                } finally {
                    releaseWriter();
                }
            } else {
                // the writer is busy: its holder settles this write, or wakes it to lead the next group
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome();
    }

    /** Lets the writer go; whoever queued since leads the next group (it may have found the writer taken). */
    private void releaseWriter() {
        writeLock.unlock();
        QueuedWrite<?> next = queued.peek();
        if (next != null) {
            next.wake();
        }
    }

    /** A write from within a write: part of the transaction already running. */
    private <T> T nested(SqlWork<T> work) {
        try {
            return work.run(writer);
        } catch (SQLException e) {
            throw writeFailure(e);
        }
    }

    private List<QueuedWrite<?>> takeQueued() {
        List<QueuedWrite<?>> batch = new ArrayList<>();
        QueuedWrite<?> next;
        while (batch.size() < MAX_WRITES_TOGETHER && (next = queued.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /** Runs the writes in one transaction (again while another process holds the lock), then settles each. */
    private void runTogether(List<QueuedWrite<?>> batch) {
        Throwable failure = null;
        try {
            if (whileBusy(batch)) {
                writesSucceed();
            }
        } catch (SQLException e) {
            failure = writeFailure(e);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            for (QueuedWrite<?> write : batch) {
                SQLException own = failure == null ? write.sqlFailure() : null;
                write.settle(failure != null ? failure : own == null ? null : writeFailure(own));
            }
        }
    }

    /**
     * Runs the transaction, and again (rolled back in between) while another process holds the
     * write lock, for up to {@link #BUSY_RETRY_MILLIS}: a transient lock costs a wait, not the write.
     * In-process writers queue meanwhile, as they would anyway. True when something was committed.
     */
    private boolean whileBusy(List<QueuedWrite<?>> batch) throws SQLException {
        long start = System.currentTimeMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                boolean committed = inTransaction(batch);
                if (attempt > 1) {
                    LOG.info("{}: the write lock came free after {} ms ({} attempts)", name,
                            System.currentTimeMillis() - start, attempt);
                }
                return committed;
            } catch (SQLException e) {
                long waited = System.currentTimeMillis() - start;
                if (!isBusy(e) || waited >= BUSY_RETRY_MILLIS) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warn("{}: another connection holds the write lock ({}); retrying for up to {} s", name,
                            e.getMessage(), BUSY_RETRY_MILLIS / 1000);
                }
                pauseBeforeRetry(attempt);
            }
        }
    }

    static boolean isBusy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    private static void pauseBeforeRetry(int attempt) throws SQLException {
        try {
            Thread.sleep(Math.min(50L * attempt, 500L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the write lock", e);
        }
    }

    /** One transaction of the writes; it commits if any of them succeeded. */
    private boolean inTransaction(List<QueuedWrite<?>> batch) throws SQLException {
        writer.setAutoCommit(false);
        boolean any = false;
        try {
            for (QueuedWrite<?> write : batch) {
                any |= write.runIn(writer);
            }
            if (any) {
                long start = System.nanoTime();
                writer.commit();
                commitNanos.accept(System.nanoTime() - start);
                commits.increment();
            } else {
                writer.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            reset(e);
            throw e;
        }
        writer.setAutoCommit(true);
        return any;
    }

    /**
     * Rolls back and returns to auto-commit after a failed transaction, keeping its error first:
     * after {@code SQLITE_FULL} or an I/O error SQLite has already rolled back, so both calls
     * fail with "no transaction is active", which must not hide the real cause.
     */
    private void reset(Exception failure) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private StoreException writeFailure(SQLException e) {
        Optional<Path> directory = file().map(Path::getParent);
        if (!DiskSpace.isFull(e, directory)) {
            return new StoreException(name + ": write failed: " + e.getMessage(), e);
        }
        DiskFullException full = new DiskFullException(name, directory, e);
        if (diskFullSince.compareAndSet(0, System.currentTimeMillis())) {
            LOG.error("Disk full: {} cannot save anything ({} in {}); users are told to try again later. Free disk"
                    + " space there; writes resume by themselves, no restart needed. Cause: {}", name,
                    DiskSpace.describeFree(directory), directory.map(Path::toString).orElse("its folder"),
                    e.getMessage());
        } else {
            LOG.debug("{}", full.getMessage());
        }
        return full;
    }

    private void writesSucceed() {
        long since = diskFullSince.getAndSet(0);
        if (since != 0) {
            LOG.info("{}: writes succeed again (they failed for lack of disk space for {} s)", name,
                    (System.currentTimeMillis() - since) / 1000);
        }
    }

    /** Why writes are failing now (a full disk, since the last failed write), or empty while they succeed. */
    @Override
    public Optional<String> writeProblem() {
        long since = diskFullSince.get();
        if (since == 0) {
            return Optional.empty();
        }
        Optional<Path> directory = file().map(Path::getParent);
        return Optional.of(name + " cannot be written: the disk holding " + directory.map(Path::toString)
                .orElse("it") + " is full (" + DiskSpace.describeFree(directory) + ", since "
                + Instant.ofEpochMilli(since) + ")");
    }

    /** Write transactions committed since this database was opened (writes that went together count once). */
    @Override
    public long writeTransactions() {
        return commits.sum();
    }

    /** Writes waiting for the writer now. */
    int queuedWrites() {
        return queued.size();
    }

    /** Runs {@code work} on a reader connection (auto-commit: each statement sees the latest commit). */
    @Override
    public <T> T read(SqlWork<T> work) {
        return readers.read(work);
    }

    /** Runs {@code work} in one read transaction: every query sees the same committed state. */
    @Override
    public <T> T readConsistent(SqlWork<T> work) {
        return readers.readConsistent(work);
    }

    @Override
    public <T> T readTogether(Supplier<T> work) {
        return readers.readTogether(work);
    }

    /** Folds the WAL back into the main file and closes every connection. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            execute(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("{}: WAL checkpoint at shutdown failed: {}",
                    name, e.getMessage());
        } finally {
            closeQuietly(writer);
            releaseWriter(); // a write queued meanwhile fails on the closed connection rather than wait
        }
        readers.close();
    }

    static Connection connect(String name, DataSourceChoice source) {
        try {
            Connection connection = source.dataSource().getConnection();
            execute(connection, "PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            execute(connection, "PRAGMA foreign_keys=ON");
            execute(connection, "PRAGMA synchronous=NORMAL");
            StatementCache.keepFor(connection);
            return connection;
        } catch (SQLException e) {
            throw Integrity.failure(name, source, e);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void closeQuietly(Connection connection) {
        StatementCache.forget(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }

    /** The file behind this database, when known. */
    @Override
    public Optional<Path> file() {
        return source.file();
    }
}
