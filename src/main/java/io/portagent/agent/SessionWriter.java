package io.portagent.agent;

import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.EventChunk;
import io.portagent.store.TurnRepository.SessionWrite;
import io.portagent.store.TurnRepository.TurnRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of a session: turn rows, messages and events reach agentx.db only through it,
 * one transaction at a time on the store executor, in the order they were staged. What is staged
 * waits in memory until a write commits it; what is staged while a write runs goes out together
 * in the next one. A write that fails (in practice: a full disk) leaves all it held staged:
 * checkpoints stop trying, and the next write that must be tried (a turn's start or end, crash
 * recovery, shutdown) tries everything again; so does a retry of its own, 2 s after the failure
 * and then less often (up to once a minute), so that what a client saw is stored once space is
 * back even if nobody writes to the session again. So nothing a client saw is lost or written
 * twice.
 */
final class SessionWriter {

    /** Whether a write is worth trying while the session's last write failed. */
    enum Urgency {
        /** A periodic save: while writes fail it stays staged for the next write that must be tried. */
        CHECKPOINT,
        /** A turn's start or end, recovery, shutdown: tried even after a failure. */
        MUST_TRY
    }

    private final String sessionId;
    private final SessionLog log;
    private final TurnRepository store;
    private final Executor executor;
    /** Schedules the retries after a failed write; null for none of its own. */
    private final ScheduledExecutorService timer;
    /** Told each seq up to which the session's events are committed (the other nodes hear it), or null. */
    private final java.util.function.LongConsumer commits;
    /** Told when a retry of its own wrote what a failed write left (the session may now leave memory), or null. */
    private final Runnable recovered;

    /** The first retry after a failed write, and the longest wait between two (the wait doubles). */
    static final long FIRST_RETRY_MS = 2_000;
    static final long LONGEST_RETRY_MS = 60_000;

    // guarded by this; no I/O happens while it is held
    private final Map<String, TurnRow> turns = new LinkedHashMap<>();
    private final Map<String, MessageRecord> messages = new LinkedHashMap<>();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private long committedSeq;
    private boolean writing;
    private RuntimeException failure;
    private boolean discarded;
    private boolean retryScheduled;
    private long retryMs;

    /** The writer of a session whose {@code log} was just loaded: everything in it so far is committed. */
    SessionWriter(String sessionId, SessionLog log, TurnRepository store, Executor executor,
            java.util.function.LongConsumer commits) {
        this(sessionId, log, store, executor, null, commits, null);
    }

    /**
     * As above; after a failed write it tries again on its own, scheduled on {@code timer} (null:
     * not on its own, only with the next save), and {@code recovered} is told each time such a
     * retry wrote what failed writes left.
     */
    SessionWriter(String sessionId, SessionLog log, TurnRepository store, Executor executor,
            ScheduledExecutorService timer, java.util.function.LongConsumer commits, Runnable recovered) {
        this.timer = timer;
        this.recovered = recovered;
        this.sessionId = sessionId;
        this.log = log;
        this.store = store;
        this.executor = executor;
        this.commits = commits;
        this.committedSeq = log.lastSeq();
    }

    /** Events up to {@code seq} came from another node, which writes them: this writer never does. */
    void adopt(long seq) {
        synchronized (this) {
            committedSeq = Math.max(committedSeq, seq);
        }
        log.committed(seq);
    }

    /**
     * Stages a turn's row (may be null) and messages, with every event not yet committed. The
     * future completes once a write has committed them, or fails with the write's failure.
     */
    CompletableFuture<Void> save(TurnRow turn, List<MessageRecord> rows, Urgency urgency) {
        return save(turn, rows, urgency, null);
    }

    /**
     * As {@link #save(TurnRow, List, Urgency)}, and runs {@code announce} once they are staged,
     * before any write can take them: events it appends go out in the same write, and whoever
     * hears them and stages something next is written after them.
     */
    CompletableFuture<Void> save(TurnRow turn, List<MessageRecord> rows, Urgency urgency, Runnable announce) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            if (discarded) {
                if (announce != null) {
                    announce.run();
                }
                done.complete(null); // the conversation was deleted: nothing of it is kept
                return done;
            }
            if (turn != null) {
                turns.put(turn.turnId(), turn);
            }
            rows.forEach(m -> messages.put(m.messageId(), m));
            if (announce != null) {
                announce.run();
            }
            if (failure != null && urgency == Urgency.CHECKPOINT) {
                return CompletableFuture.failedFuture(failure);
            }
            waiting.add(done);
            start = !writing;
            writing = true;
        }
        if (start) {
            executor.execute(this::writeAll);
        }
        return done;
    }

    /** Takes back what a turn staged whose start could not be stored: its user was told so. */
    synchronized void withdraw(String turnId) {
        turns.remove(turnId);
        messages.values().removeIf(m -> turnId.equals(m.turnId()));
    }

    /** The conversation was deleted: what is staged is dropped and nothing more is written. */
    synchronized void discard() {
        discarded = true;
        turns.clear();
        messages.clear();
    }

    /** Whether something staged, or an event, still waits for a write that commits it. */
    boolean hasStaged() {
        long committed;
        synchronized (this) {
            if (!turns.isEmpty() || !messages.isEmpty()) {
                return true;
            }
            committed = committedSeq;
        }
        return log.lastSeq() > committed; // a volatile read: the log's monitor is not taken
    }

    /** Writes until nothing waits; runs on the store executor, one at a time per session. */
    private void writeAll() {
        while (true) {
            Batch batch = nextBatch();
            if (batch == null) {
                return;
            }
            EventChunk events = log.chunkAfter(batch.committedSeq());
            try {
                store.save(new SessionWrite(sessionId, batch.turns(), batch.messages(), events));
            } catch (RuntimeException e) {
                failed(e);
                batch.waiting().forEach(f -> f.completeExceptionally(e));
                scheduleRetry();
                continue;
            }
            committed(batch, events);
            if (events != null) {
                log.committed(events.lastSeq());
                if (commits != null) {
                    commits.accept(events.lastSeq());
                }
            }
            batch.waiting().forEach(f -> f.complete(null));
        }
    }

    private record Batch(List<TurnRow> turns, List<MessageRecord> messages, List<CompletableFuture<Void>> waiting,
            long committedSeq) {
    }

    private synchronized Batch nextBatch() {
        if (waiting.isEmpty()) {
            writing = false;
            return null;
        }
        Batch batch = new Batch(List.copyOf(turns.values()), List.copyOf(messages.values()), waiting, committedSeq);
        waiting = new ArrayList<>();
        return batch;
    }

    private synchronized void failed(RuntimeException e) {
        failure = e;
    }

    /** After a failed write: tries again later what it left staged (one retry waiting at a time). */
    private void scheduleRetry() {
        long delay;
        synchronized (this) {
            if (retryScheduled || discarded || timer == null) {
                return;
            }
            retryScheduled = true;
            retryMs = retryMs == 0 ? FIRST_RETRY_MS : Math.min(LONGEST_RETRY_MS, retryMs * 2);
            delay = retryMs;
        }
        try {
            timer.schedule(() -> executor.execute(this::retry), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                retryScheduled = false; // shutdown tries what is staged once more itself
            }
        }
    }

    /** Writes what failed writes left staged, unless a write succeeded meanwhile or nothing is left. */
    private void retry() {
        synchronized (this) {
            retryScheduled = false;
            if (failure == null || discarded) {
                return;
            }
        }
        if (!hasStaged()) {
            return;
        }
        save(null, List.of(), Urgency.MUST_TRY).whenComplete((ok, e) -> {
            if (e == null && recovered != null) {
                recovered.run(); // outside our lock: the sessions' map lock is taken there
            }
        }); // a failure schedules the next retry
    }

    /** Unstages what the write held, unless it was staged again since (a newer version waits for the next write). */
    private synchronized void committed(Batch batch, EventChunk events) {
        failure = null;
        retryMs = 0;
        batch.turns().forEach(t -> turns.remove(t.turnId(), t));
        batch.messages().forEach(m -> messages.remove(m.messageId(), m));
        if (events != null) {
            committedSeq = Math.max(committedSeq, events.lastSeq());
        }
    }
}
